#!/usr/bin/env python3
"""Builds the JC-STAR requirements catalogue (catalogue.json) from the seed document.

Usage:  python3 scripts/build-catalogue.py [SEED] [OUT]
  SEED  defaults to shared/core/src/test/resources/jp/jcstar/requirements/seed.txt
        (a byte-for-byte copy of seed/000_9fad4799fca82e9d.txt)
  OUT   defaults to shared/core/src/main/resources/jp/jcstar/requirements/catalogue.json

The seed's table was extracted from a PDF: cells run together and some numbers lost their dots
or carry typos. Every change to the seed's content is made here, in code, and recorded in the
output's top-level "corrections" array (requirement, field, from, to, why). Pure layout
normalisation (whitespace, separators, the PSTI "SCHEDULE 1:" prefix) is described once in
"normalisation" instead. The script fails loudly when a reference cell holds a token it does not
understand, so a changed seed cannot be half-parsed silently.

Standard library only; output is deterministic (re-running gives identical bytes).
"""
import hashlib
import json
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
RES = os.path.join(ROOT, "shared/core/src/main/resources/jp/jcstar/requirements")

# Scheme key, display name, the tag the seed uses, origin (seed column).
SCHEMES = [
    ("etsi-en-303-645", "ETSI EN 303 645", "ETSI EN 303 645", "foreign"),
    ("uk-psti", "UK PSTI Act (security requirements, Schedule 1)", "UK: PSTI Act", "foreign"),
    ("nistir-8425", "US NISTIR 8425", "US: NISTIR 8425", "foreign"),
    ("eu-cra", "EU Cyber Resilience Act", "EU: CRA", "foreign"),
    ("sg-cls", "Singapore Cybersecurity Labelling Scheme (CLS)", "Singapore: CLS", "foreign"),
    ("iec-62443-4-1", "IEC 62443-4-1", "IEC 62443-4-1", "foreign"),
    ("iec-62443-4-2", "IEC 62443-4-2", "IEC 62443-4-2", "foreign"),
    ("mic-ordinance", "MIC Ordinance Concerning Terminal Facilities, etc.",
     "MIC: Ordinance Concerning Terminal Facilities, etc.", "domestic"),
    ("ccds", "CCDS Certification", "CCDS Certification", "domestic"),
    ("bmsec", "BMSec", "BMSec", "domestic"),
    ("rbss", "RBSS", "RBSS", "domestic"),
    ("jisec-c0755", "JISEC-C0755", "JISEC-C0755", "domestic"),
]
TAG_TO_KEY = {tag: key for key, _, tag, _ in SCHEMES}

# Our translation of the seed's (English) category names; not IPA's official wording.
CATEGORY_JA = {
    1: "汎用的なデフォルトパスワードの禁止",
    2: "脆弱性報告の管理",
    3: "ソフトウェアの更新",
    4: "機微なセキュリティパラメータの安全な保存",
    5: "安全な通信",
    6: "攻撃対象領域の最小化",
    7: "ソフトウェアの完全性の確保",
    8: "個人データの安全性の確保",
    9: "停止に対する耐性",
    10: "システムテレメトリデータの検査と保護",
    11: "利用者データの削除",
    12: "機器の設置と保守の容易化",
    13: "入力データの検証",
    14: "個人データの安全な保護",
    15: "製品の識別可能性",
    16: "脅威の特定と試験",
    17: "製品情報の提供",
    18: "文書化",
}

NORMALISATION = [
    "Whitespace inside cells is collapsed; separators between clause ids (commas, spaces) are dropped.",
    "ETSI EN 303 645: only the provision id is kept (e.g. '5.1-1'); the M/R status and the condition numbers 'C (n)' are dropped.",
    "UK PSTI: 'SCHEDULE 1: 2-(2), 2-(3)' becomes 'Schedule 1 2(2)', 'Schedule 1 2(3)'.",
    "US NISTIR 8425: every item is written 'Capability item' (e.g. 'Interface Access Control 2-b'); a list after one capability name is expanded.",
    "Singapore CLS: the tier marker ([*], [**], [***]) is dropped; the clause id is kept.",
    "IEC 62443-4-2: 'NDR 3.10' becomes 'NDR3.10'.",
    "CCDS: one clause per item, written 'section title [Mandatory|Recommended] n)'; circled digits become 'n)'.",
    "BMSec: one clause per sub-item ('PT-1 b)-4)'), or the control id when no sub-item is given.",
    "RBSS: 'Certification Standard for ' is dropped; 'Recorder(Security Uses)' becomes 'Recorder (Security Uses)'.",
    "Each requirement keeps the seed's reference cells verbatim in 'sourceReferences'.",
]

corrections = []


def correct(req, field, frm, to, why):
    corrections.append({"requirement": req, "field": field, "from": frm, "to": to, "why": why})


class ParseError(Exception):
    pass


def tokenize(text, pattern, what, req):
    """Yields match objects of pattern covering text completely; anything else is an error."""
    pos = 0
    rx = re.compile(pattern)
    while pos < len(text):
        m = rx.match(text, pos)
        if not m or m.end() == pos:
            raise ParseError(f"{req}: cannot read {what} reference at {text[pos:pos + 40]!r} in {text!r}")
        yield m
        pos = m.end()


# ---------------------------------------------------------------- per-scheme parsers

def parse_etsi(req, seg):
    out = []
    for m in tokenize(seg, r"\s*(?:(?P<id>\d\.\d{1,2}(?:-\d{1,2})?)(?![\d.])|(?P<mark>[MRC])(?![A-Za-z])"
                           r"|(?P<cond>\(\d+(?:,\s*\d+)*\))|,)\s*", "ETSI", req):
        if m.group("id"):
            out.append(m.group("id"))
    return out


def parse_psti(req, seg):
    out = []
    for m in tokenize(seg, r"\s*(?:SCHEDULE 1:|(?P<p>\d+)-\((?P<s>\d+)\)|,)\s*", "PSTI", req):
        if m.group("p"):
            out.append(f"Schedule 1 {m.group('p')}({m.group('s')})")
    return out


NIST_CAPS = ["Asset Identification", "Product Configuration", "Data Protection", "Interface Access Control",
             "Software Update", "Cybersecurity State Awareness", "Documentation",
             "Information & Query Reception", "Information Dissemination", "Product Education & Awareness"]


def parse_nistir(req, seg):
    out = []
    cap = None
    cap_has_item = False
    caps = "|".join(re.escape(c) for c in NIST_CAPS)
    for m in tokenize(seg, rf"\s*(?:(?P<cap>{caps})|(?P<item>\d+(?:-?[a-z])?)(?![\w])|,)\s*", "NISTIR 8425", req):
        if m.group("cap"):
            if cap and not cap_has_item:
                out.append(cap)
            cap, cap_has_item = m.group("cap"), False
        elif m.group("item"):
            if cap is None:
                raise ParseError(f"{req}: NISTIR item before capability in {seg!r}")
            item = m.group("item")
            fixed = re.sub(r"^(\d+)([a-z])$", r"\1-\2", item)
            if fixed != item:
                correct(req, "references.nistir-8425", f"{cap} {item}", f"{cap} {fixed}",
                        "hyphen lost in extraction; the seed writes NISTIR 8425 items as '1-a' elsewhere")
            out.append(f"{cap} {fixed}")
            cap_has_item = True
    if cap and not cap_has_item:
        out.append(cap)
    return out


def parse_cra(req, seg):
    out = []
    # split before each ANNEX / Article keyword
    pieces = [p.strip(" ,") for p in re.split(r"(?=ANNEX |Article |Artice )", seg) if p.strip(" ,")]
    for p in pieces:
        p = re.sub(r"\s+", " ", p)
        orig = p
        if p.startswith("Artice "):
            p = "Article " + p[len("Artice "):]
            correct(req, "references.eu-cra", orig, p, "misspelling of 'Article'")
            orig = p
        m = re.fullmatch(r"ANNEX (I|II|IV|V) (\d+)\.?\s?(\(\d+\))?\s?(\([a-zA-Z]\))?", p)
        if m:
            roman, num, para, letter = m.groups()
            fixed = f"ANNEX {roman} {num}" + (f".{para}" if para else "") + (letter.lower() if letter else "")
            if fixed != p:
                correct(req, "references.eu-cra", p, fixed,
                        "the seed writes CRA Annex points as 'ANNEX I 2.(6)(a)'; dot or case lost in extraction")
            out.append(fixed)
        elif re.fullmatch(r"Article \d+ \d+", p):
            out.append(p)
        else:
            raise ParseError(f"{req}: cannot read CRA reference {p!r}")
    return out


def parse_cls(req, seg, etsi):
    out = []
    for m in tokenize(seg, r"\s*(?:\[(?P<tier>\*{1,3})\]\s*(?P<id>[^\s,\[]+)|,)\s*", "CLS", req):
        if not m.group("id"):
            continue
        cid = m.group("id")
        fixed = cid
        if re.fullmatch(r"\d\.\d{1,2}-\d{1,2}|\d\.\d|CK-LP-\d\d", cid):
            pass
        elif re.fullmatch(r"(\d)(\d{1,2})-(\d{1,2})", cid):
            fixed = re.sub(r"^(\d)(\d{1,2})-", r"\1.\2-", cid)
        elif re.fullmatch(r"6\d", cid):
            fixed = cid[0] + "." + cid[1]
        else:
            raise ParseError(f"{req}: cannot read CLS clause {cid!r}")
        if fixed != cid:
            if fixed not in etsi:
                raise ParseError(f"{req}: CLS {cid} -> {fixed} does not match the row's ETSI provisions {etsi}")
            correct(req, "references.sg-cls", cid, fixed,
                    f"dot lost in extraction: CLS clauses carry the ETSI EN 303 645 provision number, and this row cites ETSI {fixed}")
        out.append(fixed)
    return out


def parse_iec41(req, seg):
    return [m.group("id") for m in tokenize(seg, r"\s*(?:(?P<id>[A-Z]{2,3}-\d{1,2})|,)\s*", "IEC 62443-4-1", req)
            if m.group("id")]


def parse_iec42(req, seg):
    out = []
    if "モバイルコード" in seg:
        seg = seg.replace("モバイルコード", " ")
        correct(req, "references.iec-62443-4-2", "モバイルコード", None,
                "stray Japanese label ('mobile code', the title of CR 2.4) from the source table; CR2.4 is already cited")
    for m in tokenize(seg, r"\s*(?:(?P<kind>CR|SAR|EDR|HDR|NDR)\s?(?P<num>\d+(?:\.\d+)?)|,)\s*", "IEC 62443-4-2", req):
        if not m.group("kind"):
            continue
        kind, num = m.group("kind"), m.group("num")
        if "." not in num:
            if not re.fullmatch(r"[1-7]\d{1,2}", num):
                raise ParseError(f"{req}: cannot read IEC 62443-4-2 clause {kind}{num}")
            fixed_num = num[0] + "." + num[1:]
            correct(req, "references.iec-62443-4-2", f"{kind}{num}", f"{kind}{fixed_num}",
                    "dot lost in extraction: IEC 62443-4-2 requirements are numbered FR.n with FR 1-7")
            num = fixed_num
        out.append(f"{kind}{num}")
    return out


def parse_mic(req, seg):
    return [f"Article 34-10 ({m.group('n')})" for m in
            tokenize(seg, r"\s*(?:Article 34-10 \((?P<n>\d)\)|,)\s*", "MIC", req) if m.group("n")]


CIRCLED = {chr(0x2460 + i): str(i + 1) for i in range(20)}


def parse_ccds(req, seg):
    out = []
    sec = level = None
    pending = False  # a level seen with no item yet

    def flush():
        if sec and level and pending:
            out.append(f"{sec} [{level}]")

    for m in tokenize(seg, r"\s*(?:(?P<sec>\d+-\d+(?:-\d+)?\s+[A-Za-z][^\[]*?)\s*(?=\[)"
                           r"|\[(?P<lvl>Mandatory|Recommended)\]|(?P<item>\d+\)|[\u2460-\u2473])|,)\s*", "CCDS", req):
        if m.group("sec"):
            flush()
            sec, level, pending = re.sub(r"\s+", " ", m.group("sec")), None, False
        elif m.group("lvl"):
            flush()
            level, pending = m.group("lvl"), True
        elif m.group("item"):
            if not (sec and level):
                raise ParseError(f"{req}: CCDS item without section/level in {seg!r}")
            item = m.group("item")
            if item in CIRCLED:
                item = CIRCLED[item] + ")"
            out.append(f"{sec} [{level}] {item}")
            pending = False
    flush()
    return out


def parse_bmsec(req, seg):
    out = []
    ctl = None
    ctl_has_sub = False
    for m in tokenize(seg, r"\s*(?:(?P<ctl>[A-Z]{2}-\d)|(?P<sub>[a-z]\)-\d+\))|(?P<stray>\d+\))|,)\s*", "BMSec", req):
        if m.group("ctl"):
            if ctl and not ctl_has_sub:
                out.append(ctl)
            ctl, ctl_has_sub = m.group("ctl"), False
        elif m.group("sub"):
            out.append(f"{ctl} {m.group('sub')}")
            ctl_has_sub = True
        elif m.group("stray"):
            correct(req, "references.bmsec", m.group("stray"), None,
                    "fragment with no sub-item letter, not readable as a BMSec clause; dropped (kept in sourceReferences)")
    if ctl and not ctl_has_sub:
        out.append(ctl)
    return out


def parse_rbss(req, seg):
    out = []
    for p in [p.strip(" ,") for p in seg.split("Certification Standard for") if p.strip(" ,")]:
        p = re.sub(r"Recorder\s*\(Security Uses\)", "Recorder (Security Uses)", re.sub(r"\s+", " ", p))
        m = re.fullmatch(r"(Security Camera|Digital Recorder \(Security Uses\)) (\d+(?:\.\d+)+) (\(\d\)(?:-\d)?)", p)
        if not m:
            raise ParseError(f"{req}: cannot read RBSS reference {p!r}")
        product, clause, para = m.groups()
        if clause == "52.12":
            correct(req, "references.rbss", f"{product} 52.12 {para}", f"{product} 5.2.12 {para}",
                    "dot lost in extraction: every other RBSS citation in the table is clause 5.2.12")
            clause = "5.2.12"
        out.append(f"{product} {clause} {para}")
    return out


JISEC_REAL = {"FAU_UID": ("FIA_UID", "no FAU_UID family exists in Common Criteria Part 2; FIA_UID (user identification) "
                                     "matches this requirement (authentication before configuration changes)")}


def parse_jisec(req, seg):
    out = []
    for m in tokenize(seg, r"\s*(?:(?P<c>F[A-Z]{2}[ _][A-Z]{3,4}(?:[ _]EXT)?)|,)\s*", "JISEC-C0755", req):
        if not m.group("c"):
            continue
        c = m.group("c")
        fixed = c.replace(" ", "_")
        if fixed != c:
            correct(req, "references.jisec-c0755", c, fixed,
                    "underscores lost in extraction: Common Criteria component names are written FAM_CLS")
        if fixed in JISEC_REAL:
            to, why = JISEC_REAL[fixed]
            correct(req, "references.jisec-c0755", fixed, to, why)
            fixed = to
        out.append(fixed)
    return out


# ---------------------------------------------------------------- the table

TAG_RX = re.compile(r"\[(" + "|".join(re.escape(t) for t in TAG_TO_KEY) + r")\s*\]")


def parse_refs(req, text):
    # A broken tag: "[US: Cybersecurity State Awareness 1 [EU: CRA]..." (NISTIR tag lost its closing part).
    broken = "[US: Cybersecurity State Awareness 1 "
    if broken in text:
        text = text.replace(broken, "[US: NISTIR 8425]Cybersecurity State Awareness 1 ")
        correct(req, "references.nistir-8425", broken.strip(), "Cybersecurity State Awareness 1",
                "scheme tag and item ran together in extraction; 'Cybersecurity State Awareness' is a NISTIR 8425 capability")
    segments = {}
    matches = list(TAG_RX.finditer(text))
    if matches and text[:matches[0].start()].strip():
        raise ParseError(f"{req}: text before the first scheme tag: {text[:matches[0].start()]!r}")
    for i, m in enumerate(matches):
        key = TAG_TO_KEY[m.group(1)]
        end = matches[i + 1].start() if i + 1 < len(matches) else len(text)
        if key in segments:
            raise ParseError(f"{req}: scheme {key} cited twice")
        segments[key] = re.sub(r"\s+", " ", text[m.end():end]).strip()
    refs = {}
    etsi = parse_etsi(req, segments["etsi-en-303-645"]) if "etsi-en-303-645" in segments else []
    for key, _, _, _ in SCHEMES:  # fixed scheme order
        if key not in segments:
            continue
        seg = segments[key]
        clauses = {
            "etsi-en-303-645": lambda: etsi,
            "uk-psti": lambda: parse_psti(req, seg),
            "nistir-8425": lambda: parse_nistir(req, seg),
            "eu-cra": lambda: parse_cra(req, seg),
            "sg-cls": lambda: parse_cls(req, seg, etsi),
            "iec-62443-4-1": lambda: parse_iec41(req, seg),
            "iec-62443-4-2": lambda: parse_iec42(req, seg),
            "mic-ordinance": lambda: parse_mic(req, seg),
            "ccds": lambda: parse_ccds(req, seg),
            "bmsec": lambda: parse_bmsec(req, seg),
            "rbss": lambda: parse_rbss(req, seg),
            "jisec-c0755": lambda: parse_jisec(req, seg),
        }[key]()
        if not clauses:
            raise ParseError(f"{req}: no clause read for {key} from {seg!r}")
        dedup = []
        for c in clauses:
            if c not in dedup:
                dedup.append(c)
        refs[key] = dedup
    return refs


# Text slips fixed by hand: requirement id -> (seed text, corrected text, why)
TEXT_FIXES = {
    "14-2": ("this consent shall be obtained in a", "this consent shall be obtained in a valid way.",
             "the cell is cut off in the seed; completed with the wording of ETSI EN 303 645 provision 6.2, which this row cites"),
}


def build(seed_path):
    raw = open(seed_path, "rb").read()
    lines = raw.decode("utf-8").splitlines()
    start = next(i for i, l in enumerate(lines) if l.startswith("Category | Requirement"))
    end = next(i for i, l in enumerate(lines) if l.startswith("To find out more"))
    body = "\n".join(lines[start + 1:end])
    body = re.sub(r"^\[Ref\.\][^\n]*\n", "", body, flags=re.M)

    row_rx = re.compile(r"^(\d{1,2})\. ([A-Z][^|\n]*?)\s*\|", re.M)
    starts = list(row_rx.finditer(body))
    categories = {}
    requirements = []
    for i, m in enumerate(starts):
        chunk = body[m.start(): starts[i + 1].start() if i + 1 < len(starts) else len(body)]
        cells = [re.sub(r"\s+", " ", c).strip() for c in chunk.split("|")]
        cells = [c for c in cells if c]
        cat_no, cat_name = int(m.group(1)), m.group(2).strip()
        if categories.setdefault(cat_no, cat_name) != cat_name:
            raise ParseError(f"category {cat_no} named both {categories[cat_no]!r} and {cat_name!r}")
        rm = re.fullmatch(r"(\d+)-(\d+)\.?\s+(.*)", cells[1], re.S)
        if not rm:
            raise ParseError(f"cannot read requirement cell {cells[1][:60]!r}")
        major, minor, text = int(rm.group(1)), int(rm.group(2)), rm.group(3).strip()
        seed_id = f"{major}-{minor}"
        if major != cat_no:
            # e.g. "5-3." in category 3 between 3-4 and 3-6: digits swapped
            prev = requirements[-1]["id"] if requirements else None
            if major == minor or not (minor == cat_no and prev == f"{cat_no}-{major - 1}"):
                raise ParseError(f"requirement {seed_id} in category {cat_no} and not a swapped-digit slip")
            major, minor = minor, major
            correct(f"{major}-{minor}", "id", seed_id, f"{major}-{minor}",
                    f"row sits in category {cat_no} between {cat_no}-{minor - 1} and {cat_no}-{minor + 1} "
                    f"and cites ETSI 5.{cat_no}-{minor}; the digits were swapped")
        rid = f"{major}-{minor}"
        rest = cells[2:]
        if rid != seed_id and f"[ETSI EN 303 645]5.{major}-{minor} " not in " ".join(rest) + " ":
            raise ParseError(f"{rid}: id fix not confirmed by the row's ETSI provision")
        star = bool(rest) and rest[0] == "✓"
        if star:
            rest = rest[1:]
        if "✓" in rest:
            raise ParseError(f"{rid}: stray check mark")
        if rid in TEXT_FIXES:
            old, new, why = TEXT_FIXES[rid]
            if not text.endswith(old):
                raise ParseError(f"{rid}: text fix no longer matches the seed")
            text = text[: -len(old)] + new
            correct(rid, "text", old, new, why)
        source_refs = " | ".join(rest)
        refs = parse_refs(rid, " ".join(rest))
        requirements.append({
            "id": rid,
            "category": cat_no,
            "text": text,
            "starOne": star,
            "references": refs,
            "sourceReferences": source_refs,
        })

    # sanity: ids unique, contiguous per category
    ids = [r["id"] for r in requirements]
    if len(ids) != len(set(ids)):
        raise ParseError("duplicate requirement ids")
    for c in categories:
        minors = [int(r["id"].split("-")[1]) for r in requirements if r["category"] == c]
        if minors != list(range(1, len(minors) + 1)):
            raise ParseError(f"category {c} ids not 1..n: {minors}")
    if sorted(categories) != list(range(1, len(categories) + 1)):
        raise ParseError(f"category numbers not 1..n: {sorted(categories)}")

    return {
        "title": "JC-STAR security requirements (from METI's IoT Product Security Conformity Assessment Scheme Policy Draft)",
        "language": "en",
        "source": {
            "document": "seed/000_9fad4799fca82e9d.txt",
            "sha256": hashlib.sha256(raw).hexdigest(),
            "note": "The seed's table is in English; category names in Japanese (nameJa) are the project's translation, not IPA's official wording.",
        },
        "schemes": [{"key": k, "name": n, "seedLabel": t, "origin": o} for k, n, t, o in SCHEMES],
        "categories": [{"number": n, "name": categories[n], "nameJa": CATEGORY_JA[n]} for n in sorted(categories)],
        "requirements": requirements,
        "normalisation": NORMALISATION,
        "corrections": corrections,
    }


def main():
    seed = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "shared/core/src/test/resources/jp/jcstar/requirements/seed.txt")
    out = sys.argv[2] if len(sys.argv) > 2 else os.path.join(RES, "catalogue.json")
    cat = build(seed)
    with open(out, "w", encoding="utf-8", newline="\n") as f:
        json.dump(cat, f, ensure_ascii=False, indent=1)
        f.write("\n")
    stars = sum(r["starOne"] for r in cat["requirements"])
    print(f"{out}: {len(cat['categories'])} categories, {len(cat['requirements'])} requirements, "
          f"{stars} \u26061, {len(cat['corrections'])} corrections")


if __name__ == "__main__":
    main()
