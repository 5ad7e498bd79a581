#!/usr/bin/env python3
"""zip_has.py ZIP NAME [CONTENT] | ZIP --executable NAME: whether the zip holds the entry NAME
(with exactly CONTENT, or with its owner's execute bit set). Prints ok: or FAIL:, exits 0 or 1."""
import sys
import zipfile

args = sys.argv[1:]
executable = "--executable" in args
if executable:
    args.remove("--executable")
path, name = args[0], args[1]
with zipfile.ZipFile(path) as z:
    infos = {i.filename: i for i in z.infolist()}
    info = infos.get(name)
    if info is None:
        ok, what = False, "holds"
    elif executable:
        ok, what = bool((info.external_attr >> 16) & 0o100), "holds the executable"
    elif len(args) > 2:
        ok, what = z.read(name).decode("utf-8", "replace") == args[2], f"holds ({args[2]!r})"
    else:
        ok, what = True, "holds"
print(f"{'ok' if ok else 'FAIL'}: {path} {what} {name}")
sys.exit(0 if ok else 1)
