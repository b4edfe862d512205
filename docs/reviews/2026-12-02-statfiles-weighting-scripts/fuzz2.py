import subprocess, random, os
B="/work/wt-review4/.build/release/phbeval"; random.seed(9); os.makedirs("fz2", exist_ok=True)
res={}
for f in ["items.sav","items.zsav","items_nostrl.dta","items_v8.dta"]:
    data=open(f,"rb").read(); ext=f.split(".")[-1]
    for k in range(80):
        b=bytearray(data)
        for _ in range(1 if k<40 else 8):
            i=random.randrange(len(b)); b[i]=random.randrange(256)
        p=f"fz2/{k}_{f}"; open(p,"wb").write(b)
        o=f"fz2/out_{k}_{f}"
        try:
            r=subprocess.run([B,"score","eq5d-5l",p,"--columns","mo,sc,ua,pd,ad","--out",o,"--quiet"],capture_output=True,timeout=20)
            rc=r.returncode; err=r.stderr.decode(errors="replace")
        except subprocess.TimeoutExpired: rc="TIMEOUT"; err=""
        res[(f,rc)]=res.get((f,rc),0)+1
        if rc not in (0,1,2) or (rc!=0 and not err.strip()): print("BAD",p,rc,err[:300])
        if rc==0:
            # read back the output
            r2=subprocess.run([B,"regress",o,"--formula","eq5d_index ~ 1","--json"],capture_output=True,timeout=20)
            if r2.returncode not in (0,1,2): print("BAD readback",o,r2.returncode)
print(res)
