import json, sys
import policy  # the module pol export --format python wrote, saved as policy.py

cases = json.load(open("cases.json", encoding="utf-8"))["cases"]
failed = [c["name"] for c in cases if policy.evaluate(c["application"]) != c["expected"]]
for name in failed:
    print("FAIL", name)
print(f"{len(cases) - len(failed)}/{len(cases)} cases pass")
sys.exit(1 if failed else 0)
