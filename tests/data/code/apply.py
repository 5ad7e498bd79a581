#!/usr/bin/env python3
"""t/apply (return A*b) as a command speaking grader's protocol (tests only)."""
import sys
lines = [l.split() for l in sys.stdin.read().splitlines()]
out, values = [], {}
for w in lines[3:]:
    if not w or w[0].startswith("#"):
        continue
    if w[0] == "trial":
        values = {}
        out.append(w[0] + " " + w[1])
    elif w[0] == "end":
        A, b = values["A"], values["b"]
        n = A[0]
        r = [sum(A[2][i * n + j] * b[2][j] for j in range(n)) for i in range(n)]
        out.append("result %d 1 %s" % (n, " ".join(float.hex(x) for x in r)))
        out.append("end")
    else:
        values[w[0]] = (int(w[1]), int(w[2]), [float.fromhex(x) for x in w[3:]])
print("\n".join(out))
