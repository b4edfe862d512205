import random
random.seed(3)
def write(name, rows, header):
    with open(name,'w') as f:
        f.write(','.join(header)+'\n')
        for r in rows: f.write(','.join('' if v is None else repr(v) if isinstance(v,float) else str(v) for v in r)+'\n')
# n not multiple of 4, few observed
for nobs in [1,2,3,5]:
    rows=[]
    for i in range(11):
        x=float(i)
        y = float(i*2+random.random()) if i < nobs else None
        rows.append([x,y])
    write(f'few{nobs}.csv', rows, ['x','y'])
# all tied predictions: x constant; y varies
rows=[[1.0, float(random.randint(0,3)) if i%3 else None] for i in range(13)]
write('tied.csv', rows, ['x','y'])
# huge magnitudes
rows=[[float(i), (1e300 if i%2 else -1e300)*(i+1)/20 if i%4 else None] for i in range(17)]
write('huge.csv', rows, ['x','y'])
rows=[[float(i), 1e-300*(i+1)*(1 if i%2 else -1) if i%4 else None] for i in range(17)]
write('tiny.csv', rows, ['x','y'])
rows=[[float(i), 5e-324*(i%3) if i%4 else None] for i in range(17)]
write('denorm.csv', rows, ['x','y'])
rows=[[float(i%2), (-0.0 if i%2 else 0.0) if i%4 else None] for i in range(17)]
write('negzero.csv', rows, ['x','y'])
# constant among observed with predictor
rows=[[float(i), 7.0 if i%3 else None] for i in range(14)]
write('const.csv', rows, ['x','y'])
# huge x predictor, y ok
rows=[[1e300*(i%5+1)*(1 if i%2 else -1), float(i) if i%3 else None] for i in range(15)]
write('hugex.csv', rows, ['x','y'])
# big dataset n=1003 mixed ties
rows=[]
for i in range(1003):
    x=float(random.randint(0,4)); z=random.gauss(0,1)
    y=round(x+z,1) if random.random()<0.7 else None
    w=round(y*2,0) if (y is not None and random.random()<0.8) else None
    rows.append([x,z,y,w])
write('big.csv', rows, ['x','z','y','w'])
