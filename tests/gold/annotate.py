"""Turn a hand-written annotation spec into a gold file in the tests/gold/ format (with offsets).

Usage: python annotate.py SPEC.json PAGE.txt OUT.jsonl

SPEC.json:
{
 "page": {"source": "https://...", "split": "dev", "script": "simplified", "place": "新乡市", "title": "..."},
 "entities": [["张红军", "PERSON", "张红军"], ["高新区", "ADMIN", "新乡高新区"], ...],   # text, label, canonical
 "skip": [["高新区", 3]],      # optional: [text, n] = leave the n-th occurrence (0-based) of text unannotated
 "memberships": [["张红军", "新乡高新区管委会", "主任", "--08-26"], ["李四", null, "总经理", null]],
 "events": [{"id": "e1", "type": "visit", "label": "...", "date": "--08-26", "location": null, "organizer": null,
             "participants": [["张红军", "leader"], ["某某有限公司", "visited"]]}],
 "authors": [["王颖", "记者"]],
 "aliases": [["高新区", "新乡高新区"]],
 "extra": [["臺中", "ADMIN", "台中县", 1]]   # optional: annotate the n-th occurrence (0-based, counting every
                                            # occurrence) of a text with another canonical (pair it with "skip")
}
Every occurrence of each entity text is annotated (longest text first; an occurrence inside a longer
annotated one is skipped). Matching ignores line breaks and spaces inside the page, like the gold format.
"""
import json
import sys


def main(spec_path: str, page_path: str, out_path: str) -> None:
    spec = json.load(open(spec_path, encoding="utf-8"))
    raw = open(page_path, encoding="utf-8").read()
    # squeezed text without line breaks/spaces, with a map back to raw offsets
    idx = [i for i, ch in enumerate(raw) if ch not in "\r\n \t\u3000"]
    sq = "".join(raw[i] for i in idx)
    taken = [False] * len(sq)
    skips = {(t, n) for t, n in spec.get("skip", [])}
    rows = []
    ents = sorted(spec.get("entities", []), key=lambda e: -len(e[0]))
    seen_texts = set()
    for text, label, canonical in ents:
        if (text, label) in seen_texts:
            continue
        seen_texts.add((text, label))
        start, n, found = 0, 0, 0
        while True:
            k = sq.find(text, start)
            if k < 0:
                break
            start = k + 1
            if any(taken[k:k + len(text)]):
                continue
            occ = n
            n += 1
            if (text, occ) in skips:
                continue
            for j in range(k, k + len(text)):
                taken[j] = True
            rs, re_ = idx[k], idx[k + len(text) - 1] + 1
            rows.append({"kind": "entity", "text": text, "label": label, "start": rs, "end": re_, "canonical": canonical})
            found += 1
        if not found:
            print(f"warning: entity {text!r} not found in page (or always inside a longer one)", file=sys.stderr)
    for text, label, canonical, nth in spec.get("extra", []):
        positions = [k for k in range(len(sq)) if sq.startswith(text, k)]
        k = positions[nth]
        rows.append({"kind": "entity", "text": text, "label": label, "start": idx[k],
                     "end": idx[k + len(text) - 1] + 1, "canonical": canonical})
    rows.sort(key=lambda r: (r["start"], r["end"]))
    out = [{"kind": "page", **spec.get("page", {})}] + rows
    for p, org, role, date in spec.get("memberships", []):
        out.append({"kind": "membership", "person": p, "org": org, "role": role, "date": date})
    for ev in spec.get("events", []):
        parts = ev.get("participants", [])
        out.append({"kind": "event", **{k: v for k, v in ev.items() if k != "participants"}})
        for agent, role in parts:
            out.append({"kind": "participation", "event": ev["id"], "agent": agent, "role": role})
    for p, role in spec.get("authors", []):
        out.append({"kind": "author", "person": p, "role": role})
    for a, c in spec.get("aliases", []):
        out.append({"kind": "alias", "alias": a, "canonical": c})
    with open(out_path, "w", encoding="utf-8") as f:
        for r in out:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    print(f"{out_path}: {len(rows)} entity mentions, {sum(1 for r in out if r['kind']=='membership')} memberships")


if __name__ == "__main__":
    main(*sys.argv[1:4])
