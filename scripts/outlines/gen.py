#!/usr/bin/env python3
"""Generates catalog/data/outlines/*.json: the vehicle outlines (rueckgabe/outline@1).

The drawings are authored here in millimetres of the real car (x along the
view's width, y downwards) and written normalised to 0-1000 per view axis.
Run from the repository root: python3 scripts/outlines/gen.py
"""
import json, math, os

def rect(x0, y0, x1, y1):
    return [(x0, y0), (x1, y0), (x1, y1), (x0, y1)]

def circle(cx, cy, r, n=16):
    return [(cx + r * math.cos(2 * math.pi * i / n), cy + r * math.sin(2 * math.pi * i / n)) for i in range(n)]

def mirror_x(poly, width):
    return [(width - x, y) for x, y in reversed(poly)]

class View:
    def __init__(self, vid, name, w, h):
        self.id, self.name, self.w, self.h, self.panels = vid, name, w, h, []
    def add(self, pid, name, parts, poly, label=None):
        self.panels.append((pid, name, parts, poly, label))
    def json(self):
        used, out = set(), []
        norm = lambda x, y: [max(0, min(1000, round(x * 1000 / self.w))), max(0, min(1000, round(y * 1000 / self.h)))]
        for pid, name, parts, poly, label in self.panels:
            key = next((c for c in name.lower() + "abcdefghijklmnopqrstuvwxyz" if "a" <= c <= "z" and c not in used), None)
            used.add(key)
            p = {"id": pid, "name": name, "key": key, "parts": parts, "polygon": [norm(x, y) for x, y in poly]}
            if label:
                p["label"] = norm(*label)
            out.append(p)
        return {"id": self.id, "name": self.name, "width_mm": self.w, "height_mm": self.h, "panels": out}

def side(left, L, H, body):
    """The side seen from that side: front at the left for the left side."""
    s, S = ("links", "l") if left else ("rechts", "r")
    W = "VL HL" if left else "VR HR"
    fw, rw = W.split()
    v = View("left" if left else "right", "Links (Fahrerseite)" if left else "Rechts (Beifahrerseite)", L, H)
    roof_end = {"limousine": 0.70, "kombi": 0.86, "suv": 0.86}[body] * L
    belt = 0.45 * H
    sill = 0.86 * H
    wr = {"limousine": 330, "kombi": 335, "suv": 380}[body]
    fx, rx = 0.17 * L, 0.80 * L
    polys = []
    def add(pid, name, parts, poly, label=None):
        polys.append((pid, name, parts, poly, label))
    add("stossfaenger_vorn_" + s, "Stoßfänger vorn " + s, ["Stoßfänger vorn " + s], rect(0, belt + 0.05 * H, 0.06 * L, sill))
    add("kotfluegel_v" + S, "Kotflügel vorn " + s, ["Kotflügel vorn " + s], [(0.06 * L, belt), (0.27 * L, belt), (0.27 * L, sill - 0.02 * H), (0.06 * L, sill - 0.02 * H)], (0.17 * L, belt + 0.05 * H))
    add("a_saeule_" + s, "A-Säule " + s, ["A-Säule " + s], [(0.27 * L, belt), (0.40 * L, 0.05 * H), (0.43 * L, 0.05 * H), (0.31 * L, belt)])
    add("seitenscheibe_v" + S, "Seitenscheibe vorn " + s, ["Seitenscheibe vorn " + s], [(0.31 * L, belt - 0.02 * H), (0.43 * L, 0.08 * H), (0.53 * L, 0.08 * H), (0.53 * L, belt - 0.02 * H)])
    add("seitenscheibe_h" + S, "Seitenscheibe hinten " + s, ["Seitenscheibe hinten " + s], [(0.545 * L, belt - 0.02 * H), (0.545 * L, 0.08 * H), (roof_end - 0.04 * L, 0.08 * H), (roof_end + 0.06 * L, belt - 0.02 * H)])
    add("tuer_v" + S, "Tür vorn " + s, ["Tür vorn " + s, "Gummileiste Tür vorn " + s], rect(0.27 * L, belt, 0.54 * L, sill))
    add("tuer_h" + S, "Tür hinten " + s, ["Tür hinten " + s, "Gummileiste Tür hinten " + s], [(0.54 * L, belt), (0.74 * L, belt), (0.72 * L, sill), (0.54 * L, sill)])
    sw = [(0.74 * L, belt), (roof_end + 0.07 * L, belt), (0.96 * L, belt + 0.04 * H), (0.96 * L, sill), (0.72 * L, sill)]
    add("seitenwand_h" + S, "Seitenwand hinten " + s, ["Seitenwand hinten " + s], sw, (0.79 * L, belt + 0.05 * H))
    add("stossfaenger_hinten_" + s, "Stoßfänger hinten " + s, ["Stoßfänger hinten " + s], rect(0.96 * L, belt + 0.06 * H, L, sill))
    add("schweller_" + s, "Schweller " + s, ["Schweller " + s], rect(0.27 * L, sill, 0.72 * L, sill + 0.07 * H))
    if not left:
        add("tankklappe", "Tankklappe", ["Tankklappe"], rect(0.84 * L, belt + 0.06 * H, 0.89 * L, belt + 0.17 * H))
    add("aussenspiegel_" + s, "Außenspiegel " + s, ["Außenspiegel " + s, "Spiegelglas " + s], rect(0.30 * L, belt - 0.12 * H, 0.35 * L, belt + 0.02 * H))
    add("rad_" + fw.lower(), "Rad " + fw, ["Reifen " + fw, "Felge " + fw, "Radkappe " + fw, "Winterrad " + fw], circle(fx, H - wr, wr))
    add("rad_" + rw.lower(), "Rad " + rw, ["Reifen " + rw, "Felge " + rw, "Radkappe " + rw, "Winterrad " + rw], circle(rx, H - wr, wr))
    for pid, name, parts, poly, label in polys:
        if not left:
            poly, label = mirror_x(poly, L), label and (L - label[0], label[1])
        v.add(pid, name, parts, poly, label)
    return v

def top(L, W, body):
    v = View("top", "Oben (Front links)", L, W)
    roof_end = {"limousine": 0.70, "kombi": 0.86, "suv": 0.86}[body] * L
    m = 0.05 * W  # mirrors stand out
    y0, y1 = m, W - m
    v.add("stossfaenger_vorn", "Stoßfänger vorn", ["Stoßfänger vorn", "Spoiler vorn", "Zierleiste vorn"], [(0, y0 + 0.1 * W), (0.04 * L, y0 + 0.02 * W), (0.04 * L, y1 - 0.02 * W), (0, y1 - 0.1 * W)])
    v.add("motorhaube", "Motorhaube", ["Motorhaube"], [(0.04 * L, y0 + 0.02 * W), (0.29 * L, y0), (0.29 * L, y1), (0.04 * L, y1 - 0.02 * W)])
    v.add("frontscheibe", "Frontscheibe", ["Frontscheibe"], [(0.29 * L, y0), (0.40 * L, y0 + 0.07 * W), (0.40 * L, y1 - 0.07 * W), (0.29 * L, y1)])
    v.add("dach", "Dach", ["Dach", "Schiebedach"], [(0.40 * L, y0 + 0.07 * W), (roof_end, y0 + 0.07 * W), (roof_end, y1 - 0.07 * W), (0.40 * L, y1 - 0.07 * W)])
    if body == "limousine":
        v.add("heckscheibe", "Heckscheibe", ["Heckscheibe"], [(roof_end, y0 + 0.07 * W), (0.79 * L, y0), (0.79 * L, y1), (roof_end, y1 - 0.07 * W)])
        v.add("kofferraumdeckel", "Kofferraumdeckel", ["Kofferraumdeckel"], [(0.79 * L, y0), (0.96 * L, y0 + 0.02 * W), (0.96 * L, y1 - 0.02 * W), (0.79 * L, y1)])
    else:
        v.add("heckklappe", "Heckklappe", ["Heckklappe", "Heckscheibe"], [(roof_end, y0 + 0.07 * W), (0.96 * L, y0 + 0.02 * W), (0.96 * L, y1 - 0.02 * W), (roof_end, y1 - 0.07 * W)])
    v.add("stossfaenger_hinten", "Stoßfänger hinten", ["Stoßfänger hinten", "Diffusor hinten", "Zierleiste hinten", "Parksensor"], [(0.96 * L, y0 + 0.02 * W), (L, y0 + 0.1 * W), (L, y1 - 0.1 * W), (0.96 * L, y1 - 0.02 * W)])
    # the car's left side is at the bottom when its front points left
    v.add("aussenspiegel_links", "Außenspiegel links", ["Außenspiegel links", "Spiegelglas links"], rect(0.30 * L, y1, 0.35 * L, W))
    v.add("aussenspiegel_rechts", "Außenspiegel rechts", ["Außenspiegel rechts", "Spiegelglas rechts"], rect(0.30 * L, 0, 0.35 * L, y0))
    return v

def front(W, H, body):
    v = View("front", "Vorn", W, H)
    belt = 0.45 * H
    # seen from the front the car's right side is on the viewer's left
    v.add("frontscheibe", "Frontscheibe", ["Frontscheibe"], [(0.2 * W, 0.08 * H), (0.8 * W, 0.08 * H), (0.88 * W, belt - 0.02 * H), (0.12 * W, belt - 0.02 * H)])
    v.add("motorhaube", "Motorhaube", ["Motorhaube"], rect(0.08 * W, belt, 0.92 * W, belt + 0.1 * H))
    v.add("scheinwerfer_rechts", "Scheinwerfer rechts", ["Scheinwerfer rechts"], rect(0.05 * W, belt + 0.12 * H, 0.3 * W, belt + 0.2 * H))
    v.add("zierleiste_vorn", "Kühlergrill / Zierleiste vorn", ["Zierleiste vorn"], rect(0.34 * W, belt + 0.12 * H, 0.66 * W, belt + 0.2 * H))
    v.add("scheinwerfer_links", "Scheinwerfer links", ["Scheinwerfer links"], rect(0.7 * W, belt + 0.12 * H, 0.95 * W, belt + 0.2 * H))
    v.add("stossfaenger_vorn", "Stoßfänger vorn", ["Stoßfänger vorn", "Zierleiste vorn", "Parksensor"], rect(0.03 * W, belt + 0.22 * H, 0.97 * W, 0.86 * H))
    v.add("nebelscheinwerfer_rechts", "Nebelscheinwerfer rechts", ["Nebelscheinwerfer rechts"], rect(0.08 * W, 0.76 * H, 0.22 * W, 0.82 * H))
    v.add("nebelscheinwerfer_links", "Nebelscheinwerfer links", ["Nebelscheinwerfer links"], rect(0.78 * W, 0.76 * H, 0.92 * W, 0.82 * H))
    v.add("spoiler_vorn", "Spoiler vorn", ["Spoiler vorn"], rect(0.08 * W, 0.86 * H, 0.92 * W, 0.92 * H))
    v.add("aussenspiegel_rechts", "Außenspiegel rechts", ["Außenspiegel rechts", "Spiegelglas rechts"], rect(0, belt - 0.1 * H, 0.08 * W, belt + 0.02 * H))
    v.add("aussenspiegel_links", "Außenspiegel links", ["Außenspiegel links", "Spiegelglas links"], rect(0.92 * W, belt - 0.1 * H, W, belt + 0.02 * H))
    return v

def rear(W, H, body):
    v = View("rear", "Hinten", W, H)
    belt = 0.45 * H
    v.add("heckscheibe", "Heckscheibe", ["Heckscheibe"], [(0.22 * W, 0.1 * H), (0.78 * W, 0.1 * H), (0.85 * W, belt - 0.02 * H), (0.15 * W, belt - 0.02 * H)])
    if body == "limousine":
        v.add("kofferraumdeckel", "Kofferraumdeckel", ["Kofferraumdeckel"], rect(0.26 * W, belt, 0.74 * W, 0.66 * H))
    else:
        v.add("heckklappe", "Heckklappe", ["Heckklappe", "Heckscheibe"], rect(0.26 * W, belt, 0.74 * W, 0.66 * H))
    # seen from behind the car's left side is on the viewer's left
    v.add("rueckleuchte_links", "Rückleuchte links", ["Rückleuchte links"], rect(0.04 * W, belt + 0.02 * H, 0.24 * W, belt + 0.14 * H))
    v.add("rueckleuchte_rechts", "Rückleuchte rechts", ["Rückleuchte rechts"], rect(0.76 * W, belt + 0.02 * H, 0.96 * W, belt + 0.14 * H))
    v.add("stossfaenger_hinten", "Stoßfänger hinten", ["Stoßfänger hinten", "Zierleiste hinten", "Parksensor"], rect(0.03 * W, 0.68 * H, 0.97 * W, 0.86 * H))
    v.add("diffusor_hinten", "Diffusor hinten", ["Diffusor hinten"], rect(0.12 * W, 0.86 * H, 0.88 * W, 0.92 * H))
    return v

def interior(L, W):
    v = View("interior", "Innenraum (von oben, Front links)", L, W)
    v.add("bodenbelag", "Bodenbelag / Fußmatten", ["Bodenbelag vorn", "Bodenbelag hinten", "Fußmatten"], rect(0.28 * L, 0.08 * W, 0.76 * L, 0.92 * W))
    v.add("armaturenbrett", "Armaturenbrett", ["Armaturenbrett", "Radio/Navigation", "Klimaanlage"], rect(0.18 * L, 0.08 * W, 0.28 * L, 0.92 * W))
    v.add("lenkrad", "Lenkrad", ["Lenkrad"], rect(0.28 * L, 0.58 * W, 0.31 * L, 0.86 * W))
    v.add("fahrersitz", "Fahrersitz", ["Fahrersitz", "Sicherheitsgurt", "Gurtschloss", "Kopfstütze"], rect(0.36 * L, 0.56 * W, 0.50 * L, 0.88 * W))
    v.add("beifahrersitz", "Beifahrersitz", ["Beifahrersitz", "Sicherheitsgurt", "Gurtschloss", "Kopfstütze"], rect(0.36 * L, 0.12 * W, 0.50 * L, 0.44 * W))
    v.add("mittelkonsole", "Mittelkonsole", ["Mittelkonsole", "Schalthebel"], rect(0.30 * L, 0.46 * W, 0.50 * L, 0.54 * W))
    v.add("ruecksitzbank", "Rücksitzbank", ["Rücksitzbank", "Sicherheitsgurt", "Gurtschloss", "Kopfstütze"], rect(0.56 * L, 0.12 * W, 0.72 * L, 0.88 * W))
    v.add("kofferraum", "Kofferraum", ["Kofferraumverkleidung", "Hutablage", "Kofferraum"], rect(0.78 * L, 0.12 * W, 0.95 * L, 0.88 * W))
    v.add("tuerverkleidung_vl", "Türverkleidung vorn links", ["Türverkleidung vorn links", "Türdichtung"], rect(0.32 * L, 0.92 * W, 0.52 * L, W))
    v.add("tuerverkleidung_hl", "Türverkleidung hinten links", ["Türverkleidung hinten links", "Türdichtung"], rect(0.53 * L, 0.92 * W, 0.73 * L, W))
    v.add("tuerverkleidung_vr", "Türverkleidung vorn rechts", ["Türverkleidung vorn rechts", "Türdichtung"], rect(0.32 * L, 0, 0.52 * L, 0.08 * W))
    v.add("tuerverkleidung_hr", "Türverkleidung hinten rechts", ["Türverkleidung hinten rechts", "Türdichtung"], rect(0.53 * L, 0, 0.73 * L, 0.08 * W))
    return v

BODIES = {
    "limousine": ("Limousine", 4700, 1850, 1450),
    "kombi": ("Kombi (Touring)", 4750, 1850, 1500),
    "suv": ("SUV", 4700, 1920, 1700),
}

def dump(doc):
    """One panel per line: readable and diffable."""
    head = {k: v for k, v in doc.items() if k != "views"}
    lines = ["{"] + ["  %s: %s," % (json.dumps(k), json.dumps(v, ensure_ascii=False)) for k, v in head.items()] + ['  "views": [']
    for i, v in enumerate(doc["views"]):
        vh = {k: x for k, x in v.items() if k != "panels"}
        lines.append("    " + json.dumps(vh, ensure_ascii=False)[:-1] + ', "panels": [')
        for j, p in enumerate(v["panels"]):
            lines.append("      " + json.dumps(p, ensure_ascii=False, separators=(", ", ": ")) + ("," if j < len(v["panels"]) - 1 else ""))
        lines.append("    ]}" + ("," if i < len(doc["views"]) - 1 else ""))
    lines += ["  ]", "}"]
    return "\n".join(lines) + "\n"

def main():
    out = os.path.join("catalog", "data", "outlines")
    os.makedirs(out, exist_ok=True)
    for body, (title, L, W, H) in BODIES.items():
        doc = {
            "format": "rueckgabe/outline@1", "body": body, "version": "1", "title": title,
            "source": "schematische Umrisse (scripts/outlines/gen.py); Teile nach Katalog bmw-fs-2012",
            "views": [top(L, W, body).json(), side(True, L, H, body).json(), side(False, L, H, body).json(),
                      front(W, H, body).json(), rear(W, H, body).json(), interior(L, W).json()],
        }
        with open(os.path.join(out, body + ".json"), "w", encoding="utf-8") as f:
            # one panel per line: readable and diffable
            f.write(dump(doc))

main()
