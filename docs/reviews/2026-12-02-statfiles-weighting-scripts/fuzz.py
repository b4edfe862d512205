import subprocess, random, sys, os, json, re, shutil
B = sys.argv[1]
random.seed(7)
files = {"w.dta": "dta", "w_v8.dta": "dta", "w_v12.dta":"dta", "w.sav": "sav", "wu.sav": "sav", "w.sas7bdat": "sas7bdat", "wm.dta":"dta", "strl.dta":"dta"}
os.makedirs("fz", exist_ok=True)
def run(path):
    try:
        p = subprocess.run([B, "regress", path, "--formula", "qaly ~ trt + age", "--json", "--format", fmt], capture_output=True, timeout=20)
        return p.returncode, p.stdout.decode(errors="replace"), p.stderr.decode(errors="replace")
    except subprocess.TimeoutExpired:
        return "TIMEOUT", "", ""
stats = {}
for f, fmt in files.items():
    data = open(f, "rb").read()
    base = run(f)
    baseN = re.search(r'"n_used"\s*:\s*(\d+)', base[1]) or re.search(r'"n"\s*:\s*(\d+)', base[1])
    for k in range(60):
        b = bytearray(data)
        kind = "trunc" if k < 20 else ("flip" if k < 50 else "multiflip")
        if kind == "trunc":
            b = b[:random.randrange(0, len(b))]
        elif kind == "flip":
            i = random.randrange(len(b)); b[i] ^= 1 << random.randrange(8)
        else:
            for _ in range(20):
                i = random.randrange(len(b)); b[i] = random.randrange(256)
        p = f"fz/{f}.{k}"
        open(p, "wb").write(b)
        rc, out, err = run(p)
        bad = []
        if rc not in (0,1,2): bad.append(f"rc={rc}")
        if re.search(r'\b(nan|inf|-inf|NaN|Infinity)\b', out + err): bad.append("nonfinite")
        if rc != 0 and not err.strip(): bad.append("no message")
        if rc == 2 and kind=="trunc" and p not in err and "fz/" not in err: bad.append("file not named")
        stats.setdefault((f, kind, rc), 0); stats[(f, kind, rc)] += 1
        if bad:
            print(f, k, kind, bad, err[:300].replace("\n", " | "))
for k, v in sorted(stats.items(), key=str): print(k, v)
