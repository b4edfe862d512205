#!/usr/bin/env python3
"""Reference outputs for RandomTests, from an independent implementation of the published
algorithms: SplitMix64 (Steele, Lea & Flood 2014; Vigna's splitmix64.c) and xoshiro256**
(Blackman & Vigna 2021; xoshiro256starstar.c). Run: python3 reference_vectors.py"""
M = (1 << 64) - 1

def splitmix64(seed):
    x = seed
    while True:
        x = (x + 0x9E3779B97F4A7C15) & M
        z = x
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & M
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & M
        yield z ^ (z >> 31)

def rotl(x, k):
    return ((x << k) | (x >> (64 - k))) & M

def xoshiro(s):
    s = list(s)
    while True:
        result = (rotl((s[1] * 5) & M, 7) * 9) & M
        t = (s[1] << 17) & M
        s[2] ^= s[0]; s[3] ^= s[1]; s[1] ^= s[2]; s[0] ^= s[3]
        s[2] ^= t
        s[3] = rotl(s[3], 45)
        yield result

def take(g, n):
    return [next(g) for _ in range(n)]

print("splitmix64(1234567):", take(splitmix64(1234567), 5))
print("xoshiro256**(1,2,3,4):", take(xoshiro([1, 2, 3, 4]), 6))
# phbeval's seeding: state = 4 SplitMix64 outputs from seed ^ (stream * 0xD1B54A32D192ED03).
def seeded(seed, stream):
    g = splitmix64(seed ^ ((stream * 0xD1B54A32D192ED03) & M))
    return xoshiro(take(g, 4))
print("xoshiro256**(seed 1, stream 0):", take(seeded(1, 0), 3))
print("xoshiro256**(seed 1, imputation stream 3):", take(seeded(1, (1 << 48) | 3), 3))
