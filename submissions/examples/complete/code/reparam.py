#!/usr/bin/env python3
"""lecture07/reparam-code in Python, speaking grader's protocol (submissions/README.md).

For z = mu + sigma*eps, d f(z)/d mu = f'(z) and d f(z)/d sigma = f'(z)*eps."""
import math
import sys


def reparam_gradient(mu, sigma, eps):
    df = [2 * (mu + sigma * e) + math.cos(mu + sigma * e) for e in eps]
    return [sum(df) / len(eps), sum(d * e for d, e in zip(df, eps)) / len(eps)]


def main():
    words = sys.stdin.read().split("\n")
    out, values = [], {}
    for line in words:
        w = line.split()
        if not w or w[0] in ("grader-protocol", "problem", "trials"):
            continue
        if w[0] == "trial":
            values = {}
            out.append("trial " + w[1])
        elif w[0] == "end":
            g = reparam_gradient(values["mu"][0], values["sigma"][0], values["e"])
            out.append("result 2 1 " + " ".join(x.hex() for x in g))
            out.append("end")
        else:
            values[w[0]] = [float.fromhex(x) if x.startswith(("0x", "-0x")) else float(x)
                            for x in w[3:]]
    print("\n".join(out))


main()
