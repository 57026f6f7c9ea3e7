"""The draft form of a request, in one place: its state as typed, the content dict parsed from it, and the
domain's problems mapped back onto its fields.

No domain rule lives here. The form turns strings into the content's types (a number, a date, yes/no) and says
so in Dutch when a string is not one; everything else (what is required, what is allowed) is judged by the
services, whose `Problem.field` (e.g. `facts.verzuim`, `grounds.<element>`, `alternatives.2`) is mapped to the
input that shows it.
"""

import re
from dataclasses import dataclass, field
from datetime import date

from models.catalogue import Measure
from models.errors import Problem
from models.request import LIST_MAX, RequestContent

ROW_FIELDS = {
    "facts": ("key", "text", "source", "date", "confirmed_by", "kind", "held_by"),
    "alternatives": ("kind", "description", "was_tried", "tried_when", "tried", "result", "why_not_tried",
                     "why_insufficient"),
    "attachments": ("code", "title", "reference"),
    "concerns": ("text",),
    "goals": ("text",),
}
SCALARS = ("capacity", "duration_months", "duration_reason", "summary", "proportionality", "effectiveness",
           "acceptable_term", "executing_institution", "urgency", "urgency_danger", "urgency_why", "note")
EMPTY_ROWS = {"facts": 2, "alternatives": 1, "attachments": 1, "concerns": 1, "goals": 1}  # blank rows to type in
MORE_ROWS = 3
# Which input of a row shows a problem, by the problem's code (presentation only; the codes are the domain's).
ROW_INPUT_OF = {
    "fact_source_missing": "source", "fact_date_missing": "date", "fact_date_in_future": "date",
    "fact_confirmation_missing": "confirmed_by", "opinion_holder_missing": "held_by",
    "alternative_kind_unknown": "kind", "alternative_description_missing": "description",
    "alternative_reason_missing": "why_insufficient", "alternative_tried_missing": "tried",
    "alternative_result_missing": "result", "alternative_not_tried": "was_tried",
    "alternative_tried_when_missing": "tried_when", "alternative_why_not_tried_missing": "why_not_tried",
}
GROUND_FACT_CODES = {"ground_element_without_facts", "ground_fact_unknown", "ground_fact_is_opinion"}
SCALAR_FIELDS = {"capacity", "duration_months", "duration_reason", "summary", "proportionality", "effectiveness",
                 "acceptable_term", "executing_institution", "urgency"}
URGENCY_INPUTS = {"danger": "urgency_danger", "fact_keys": "urgency_fact_keys", "why_hearing_cannot_wait": "urgency_why"}
# The content's field names in Dutch, for the difference between revisions.
FIELD_LABELS = {
    "measure": "Maatregel", "capacity": "Hoedanigheid", "child_ids": "Kinderen", "duration_months": "Duur (maanden)",
    "summary": "Samenvatting", "concerns": "Zorgen", "facts": "Feiten en meningen", "grounds": "Gronden",
    "alternatives": "Alternatieven", "proportionality": "Proportionaliteit", "duration_reason": "Reden voor de duur",
    "effectiveness": "Doelmatigheid", "acceptable_term": "Aanvaardbare termijn", "goals": "Doelen",
    "attachments": "Bijlagen", "flags": "Kenmerken", "urgency": "Spoed", "urgency_details": "Spoed (gevaar, feiten, "
    "horen)", "problem_tags": "Problematiek", "executing_institution": "Uitvoerende instelling",
}
DATE_NL = re.compile(r"^(\d{1,2})-(\d{1,2})-(\d{4})$")


@dataclass
class FormErrors:
    """Every problem once, in order, with the id of the input it belongs to (None: about the request as a whole)."""

    items: list[tuple[str | None, Problem]] = field(default_factory=list)

    def add(self, anchor: str | None, problem: Problem) -> None:
        self.items.append((anchor, problem))

    def at(self, anchor: str) -> list[Problem]:
        return [p for a, p in self.items if a == anchor]

    def __bool__(self) -> bool:
        return bool(self.items)


@dataclass
class DraftForm:
    """What the indiener typed, as strings, exactly as it will be shown again."""

    measure: str
    spoed: bool = False
    scalars: dict[str, str] = field(default_factory=dict)
    child_ids: list[str] = field(default_factory=list)
    flags: list[str] = field(default_factory=list)
    problem_tags: list[str] = field(default_factory=list)
    urgency_fact_keys: list[str] = field(default_factory=list)
    grounds: dict[str, dict] = field(default_factory=dict)  # element code -> {"answer": str, "fact_keys": [str]}
    rows: dict[str, list[dict[str, str]]] = field(default_factory=dict)

    # --- building ---------------------------------------------------------------------------------

    @classmethod
    def empty(cls, measure: str, *, spoed: bool = False) -> "DraftForm":
        form = cls(measure=measure, spoed=spoed, scalars={k: "" for k in SCALARS},
                   rows={kind: [] for kind in ROW_FIELDS})
        form.pad()
        return form

    @classmethod
    def from_content(cls, content: dict, *, spoed: bool = False) -> "DraftForm":
        c = RequestContent.model_validate(content)
        details = c.urgency_details
        form = cls(measure=c.measure, spoed=spoed, child_ids=[str(i) for i in c.child_ids],
                   flags=[k for k, v in c.flags.items() if v], problem_tags=list(c.problem_tags),
                   urgency_fact_keys=list(details.fact_keys) if details else [])
        form.scalars = {k: "" for k in SCALARS} | {
            "capacity": c.capacity, "duration_months": "" if c.duration_months is None else str(c.duration_months),
            "duration_reason": c.duration_reason, "summary": c.summary, "proportionality": c.proportionality,
            "effectiveness": c.effectiveness, "acceptable_term": c.acceptable_term,
            "executing_institution": c.executing_institution, "urgency": c.urgency,
            "urgency_danger": details.danger if details else "",
            "urgency_why": details.why_hearing_cannot_wait if details else ""}
        form.grounds = {g.element: {"answer": g.answer, "fact_keys": list(g.fact_keys)} for g in c.grounds}
        form.rows = {
            "facts": [{"key": f.key, "text": f.text, "source": f.source,
                       "date": f.date.strftime("%d-%m-%Y") if f.date else "", "confirmed_by": f.confirmed_by,
                       "kind": f.kind, "held_by": f.held_by} for f in c.facts],
            "alternatives": [{"kind": a.kind, "description": a.description,
                              "was_tried": {True: "ja", False: "nee", None: ""}[a.was_tried],
                              "tried_when": a.tried_when, "tried": a.tried, "result": a.result,
                              "why_not_tried": a.why_not_tried, "why_insufficient": a.why_insufficient}
                             for a in c.alternatives],
            "attachments": [{"code": a.code, "title": a.title, "reference": a.reference} for a in c.attachments],
            "concerns": [{"text": t} for t in c.concerns],
            "goals": [{"text": t} for t in c.goals],
        }
        form.pad()
        return form

    @classmethod
    def from_form(cls, data, measure: Measure, *, spoed: bool = False) -> "DraftForm":
        """From the posted form (a multi-dict). Inputs the form does not have are ignored."""
        def text(name: str) -> str:
            value = data.get(name, "")
            return value if isinstance(value, str) else ""

        def texts(name: str) -> list[str]:
            return [v for v in data.getlist(name) if isinstance(v, str)][:LIST_MAX]

        form = cls(measure=measure.code, spoed=spoed, scalars={k: text(k) for k in SCALARS},
                   child_ids=texts("child_ids"), flags=texts("flags"), problem_tags=texts("problem_tags"),
                   urgency_fact_keys=texts("urgency_fact_keys"))
        for option in measure.grounds:
            for element in option.elements:
                form.grounds[element.code] = {"answer": text(f"grounds-{element.code}-answer"),
                                              "fact_keys": texts(f"grounds-{element.code}-facts")}
        for kind, names in ROW_FIELDS.items():
            count = _row_count(text(f"{kind}-rows"))
            form.rows[kind] = [{name: text(f"{kind}-{i}-{name}") for name in names} for i in range(count)]
        return form

    def pad(self) -> None:
        """Blank rows after the filled ones, so there is room to type."""
        for kind, blanks in EMPTY_ROWS.items():
            rows = self.rows.setdefault(kind, [])
            while sum(1 for r in rows[-blanks:] if _blank(r)) < blanks and len(rows) < LIST_MAX:
                rows.append({name: "" for name in ROW_FIELDS[kind]})

    def more_rows(self, kind: str) -> None:
        if kind in ROW_FIELDS:
            rows = self.rows[kind]
            for _ in range(min(MORE_ROWS, LIST_MAX - len(rows))):
                rows.append({name: "" for name in ROW_FIELDS[kind]})

    # --- reading ------------------------------------------------------------------------------------

    def fact_choices(self) -> list[dict]:
        """The facts that grounds and the urgency can point at: every row with a key, in order."""
        seen, out = set(), []
        for row in self.rows.get("facts", []):
            key = row.get("key", "").strip()
            if key and key not in seen:
                seen.add(key)
                snippet = row.get("text", "").strip()
                out.append({"key": key, "text": snippet[:90] + ("…" if len(snippet) > 90 else ""),
                            "opinion": row.get("kind") == "opinion"})
        return out

    def choices_with(self, chosen: list[str]) -> list[dict]:
        """The fact choices plus any chosen key no fact has (yet): what was ticked is never dropped."""
        choices = self.fact_choices()
        known = {c["key"] for c in choices}
        return choices + [{"key": k, "text": "", "opinion": False, "unknown": True} for k in chosen if k not in known]

    # --- to content ---------------------------------------------------------------------------------

    def to_content(self, measure: Measure) -> tuple[dict, FormErrors, dict]:
        """The content dict for the services; the problems of turning strings into values; and which form row
        each list item came from (to show a service's `facts.0` or `alternatives.2` at the right row)."""
        errors = FormErrors()
        s = self.scalars
        index: dict[str, list] = {kind: [] for kind in ROW_FIELDS}
        duration = None
        if s.get("duration_months", "").strip():
            raw = s["duration_months"].strip()
            if raw.isascii() and raw.isdigit() and len(raw) <= 6:
                duration = int(raw)
            else:
                errors.add("duration_months", Problem("not_a_number", "Vul de duur in als een heel aantal maanden "
                                                      "(bijvoorbeeld 12).", "duration_months"))
        children = []
        for value in self.child_ids:
            if value.isascii() and value.isdigit() and len(value) <= 18:
                children.append(int(value))
        facts = self._facts(errors, index)
        grounds = []
        for option in measure.grounds:
            for element in option.elements:
                g = self.grounds.get(element.code, {"answer": "", "fact_keys": []})
                if g["answer"].strip() or g["fact_keys"]:
                    grounds.append({"element": element.code, "answer": g["answer"].strip(),
                                    "fact_keys": list(dict.fromkeys(g["fact_keys"]))})
                    index.setdefault("grounds", []).append(element.code)
        alternatives = []
        for i, row in enumerate(self.rows.get("alternatives", [])):
            if _blank(row):
                continue
            index["alternatives"].append(i)
            alternatives.append({"kind": row["kind"].strip(), "description": row["description"].strip(),
                                 "was_tried": {"ja": True, "nee": False}.get(row["was_tried"]),
                                 "tried_when": row["tried_when"].strip(), "tried": row["tried"].strip(),
                                 "result": row["result"].strip(), "why_not_tried": row["why_not_tried"].strip(),
                                 "why_insufficient": row["why_insufficient"].strip()})
        attachments = []
        for i, row in enumerate(self.rows.get("attachments", [])):
            if not _blank(row):
                index["attachments"].append(i)
                attachments.append({"code": row["code"].strip(), "title": row["title"].strip(),
                                    "reference": row["reference"].strip()})
        lists = {}
        for kind in ("concerns", "goals"):
            lists[kind] = []
            for i, row in enumerate(self.rows.get(kind, [])):
                if row["text"].strip():
                    index[kind].append(i)
                    lists[kind].append(row["text"].strip())
        urgency_details = None
        if s.get("urgency_danger", "").strip() or s.get("urgency_why", "").strip() or self.urgency_fact_keys:
            urgency_details = {"danger": s["urgency_danger"].strip(),
                               "fact_keys": list(dict.fromkeys(self.urgency_fact_keys)),
                               "why_hearing_cannot_wait": s["urgency_why"].strip()}
        content = {
            "measure": measure.code, "capacity": s.get("capacity", "").strip(), "child_ids": children,
            "duration_months": duration, "summary": s.get("summary", "").strip(), "concerns": lists["concerns"],
            "facts": facts, "grounds": grounds, "alternatives": alternatives,
            "proportionality": s.get("proportionality", "").strip(),
            "duration_reason": s.get("duration_reason", "").strip(),
            "effectiveness": s.get("effectiveness", "").strip(),
            "acceptable_term": s.get("acceptable_term", "").strip(), "goals": lists["goals"],
            "attachments": attachments, "flags": {f: True for f in dict.fromkeys(self.flags) if f},
            "urgency": s.get("urgency", "").strip(), "problem_tags": list(dict.fromkeys(self.problem_tags)),
            "executing_institution": s.get("executing_institution", "").strip(),
        }
        if urgency_details is not None:
            content["urgency_details"] = urgency_details
        return content, errors, index

    def _facts(self, errors: FormErrors, index: dict) -> list[dict]:
        facts = []
        taken = {r.get("key", "").strip() for r in self.rows.get("facts", [])}
        for i, row in enumerate(self.rows.get("facts", [])):
            if _blank(row, ignore=("kind",)):
                continue
            if not row["key"].strip():  # a fact needs a key to be pointed at; the form gives one
                key, n = f"feit{i + 1}", 1
                while key in taken:
                    n += 1
                    key = f"feit{i + 1}-{n}"
                row["key"] = key
                taken.add(key)
            day = None
            if row["date"].strip():
                day = _parse_date(row["date"].strip())
                if day is None:
                    errors.add(f"facts-{i}-date", Problem("date_invalid", f"Feit '{row['key'].strip()}': vul de datum "
                                                          "in als dd-mm-jjjj (bijvoorbeeld 14-03-2026).",
                                                          f"facts.{row['key'].strip()}"))
            index["facts"].append(i)
            facts.append({"key": row["key"].strip(), "text": row["text"].strip(), "source": row["source"].strip(),
                          "date": day.isoformat() if day else None, "confirmed_by": row["confirmed_by"].strip(),
                          "kind": row["kind"] if row["kind"] in ("fact", "opinion") else "fact",
                          "held_by": row["held_by"].strip()})
        return facts

    # --- problems to fields ---------------------------------------------------------------------------

    def place(self, problems: list[Problem], measure: Measure, index: dict, errors: FormErrors | None = None
              ) -> FormErrors:
        """Each problem at the input that shows it (see the module docstring); unknown fields stay general."""
        errors = errors or FormErrors()
        for p in problems:
            errors.add(self.anchor(p, measure, index), p)
        return errors

    def anchor(self, p: Problem, measure: Measure, index: dict) -> str | None:
        if not p.field:
            return None
        parts = p.field.split(".")
        head = parts[0]
        zero_based = p.code == "content_invalid"  # pydantic counts from 0, the intake checks from 1
        if head in SCALAR_FIELDS:
            return head
        if head in ("child_ids", "problem_tags", "flags"):
            return head
        if head == "facts":
            return self._fact_anchor(p, parts, index, zero_based)
        if head == "grounds":
            codes = [e.code for o in measure.grounds for e in o.elements]
            code = parts[1] if len(parts) > 1 else codes[0]
            if zero_based and code.isdigit():
                grounds = index.get("grounds", [])
                code = grounds[int(code)] if int(code) < len(grounds) else codes[0]
            if code not in codes:
                code = codes[0]
            return f"grounds-{code}-facts" if p.code in GROUND_FACT_CODES else f"grounds-{code}-answer"
        if head == "alternatives":
            row = _row_of(parts, index["alternatives"], zero_based)
            if row is None:
                return "alternatives-0-kind"
            sub = parts[2] if len(parts) > 2 and parts[2] in ROW_FIELDS["alternatives"] else \
                ROW_INPUT_OF.get(p.code, "description")
            return f"alternatives-{row}-{sub}"
        if head in ("concerns", "goals"):
            row = _row_of(parts, index[head], zero_based) if zero_based else None
            return f"{head}-{row if row is not None else 0}-text"
        if head == "attachments":
            if zero_based:
                row = _row_of(parts, index["attachments"], True)
                sub = parts[2] if len(parts) > 2 and parts[2] in ROW_FIELDS["attachments"] else "title"
                return f"attachments-{row if row is not None else 0}-{sub}"
            return "attachments-0-code"
        if head == "urgency_details":
            return URGENCY_INPUTS.get(parts[1] if len(parts) > 1 else "danger", "urgency_danger")
        return None

    def _fact_anchor(self, p: Problem, parts: list[str], index: dict, zero_based: bool) -> str:
        rows = self.rows.get("facts", [])
        if len(parts) == 1:
            return "facts-0-key" if zero_based else "facts-0-text"
        if zero_based:
            row = _row_of(parts, index["facts"], True)
            sub = parts[2] if len(parts) > 2 and parts[2] in ROW_FIELDS["facts"] else "text"
            return f"facts-{row if row is not None else 0}-{sub}"
        key = ".".join(parts[1:])
        row = next((i for i, r in enumerate(rows) if r.get("key", "").strip() == key), 0)
        return f"facts-{row}-{ROW_INPUT_OF.get(p.code, 'text')}"


def _row_of(parts: list[str], rows: list[int], zero_based: bool) -> int | None:
    if len(parts) < 2 or not parts[1].isdigit():
        return None
    n = int(parts[1]) - (0 if zero_based else 1)
    return rows[n] if 0 <= n < len(rows) else None


def _row_count(raw: str) -> int:
    return min(int(raw), LIST_MAX) if raw.isascii() and raw.isdigit() and len(raw) <= 4 else 0


def _blank(row: dict, ignore: tuple = ()) -> bool:
    return not any(v.strip() for k, v in row.items() if k not in ignore and k != "was_tried") and \
        not row.get("was_tried")


def _parse_date(raw: str) -> date | None:
    try:
        if DATE_NL.match(raw):
            d, m, y = (int(x) for x in DATE_NL.match(raw).groups())
            return date(y, m, d)
        return date.fromisoformat(raw)
    except ValueError:
        return None
