"""The letters to the family, as docxtpl templates: one per parent or carer (gezinsbrief.docx, rendered once
for each parent at their own address) and one per child (kinderbrief.docx). The texts themselves come from
models/texts/<language>.yaml through models.services.letters; the templates hold only the layout."""

from scripts.make_templates import Builder, footer


def _optional_line(b: Builder, condition: str, text: str, **style) -> None:
    b.tag(f"{{%p if {condition} %}}")
    b.p(text, **style)
    b.tag("{%p endif %}")


def build_family_letter() -> bytes:
    """To one parent or carer, plain Dutch (B1): what is asked and why, what happens next, their rights made
    actionable, whom to call; their lawyer gets a copy."""
    b = Builder()
    b.p("{{ sender.organisation }}", bold=True)
    _optional_line(b, "sender.address", "{{ sender.address }}")
    _optional_line(b, "sender.postal_place", "{{ sender.postal_place }}")
    b.p()
    b.p("{{ recipient.name }}")
    _optional_line(b, "recipient.address", "{{ recipient.address }}")
    _optional_line(b, "recipient.postal_place", "{{ recipient.postal_place }}")
    b.p()
    b.p("{{ place }}, {{ date }}")
    b.p("Over: ons verzoek aan de kinderrechter over {{ children }}", bold=True)
    b.p()
    b.p("Beste {{ recipient.name }},")
    b.p("Wij hebben de kinderrechter gevraagd om een {{ measure_name }} voor {{ children }}. In deze brief leest u "
        "wat dat betekent, waarom wij dat vragen, wat er nu gebeurt en wat uw rechten zijn. Iedere ouder krijgt een "
        "eigen brief.")
    b.h1("Wat vragen wij?")
    b.p("{{ plain }}")
    b.p("Wij vragen dit voor {{ duration }}.")
    b.h1("Waarom?")
    b.p("{{ summary }}")
    b.tag("{%p if goals %}")
    b.p("Dit willen wij bereiken:", keep_with_next=True)
    b.tag("{%p for goal in goals %}")
    b.p("– {{ goal }}")
    b.tag("{%p endfor %}")
    b.tag("{%p endif %}")
    b.h1("Wat gebeurt er nu?")
    b.tag("{%p for step in next_steps %}")
    b.p("– {{ step }}")
    b.tag("{%p endfor %}")
    b.h1("Uw rechten")
    b.tag("{%p for right in rights %}")
    b.labelled("{{ right.title }}. ", "{{ right.text }}")
    b.tag("{%p endfor %}")
    b.h1("Vragen?")
    b.p("{{ contact.text }}")
    b.p()
    b.p("Met vriendelijke groet,", keep_with_next=True)
    b.p("{{ contact.name }}", keep_with_next=True)
    _optional_line(b, "contact.function", "{{ contact.function }}, {{ contact.team }}", keep_with_next=True)
    b.p("{{ sender.organisation }}")
    b.tag("{%p if copy_to %}")
    b.p()
    b.p("Kopie aan: {{ copy_to }}, uw advocaat")
    b.tag("{%p endif %}")
    footer(b, "Kenmerk {{ verification_code }}")
    return b.bytes()


def build_child_letter() -> bytes:
    """To a child, in the 'jij'-form: what is asked, who reads what the child said (its parents too), and the
    other ways to be heard: the kinderrechter itself, or a vertrouwenspersoon."""
    b = Builder()
    b.p("{{ organisation }}", bold=True)
    b.p("{{ place }}, {{ date }}")
    b.p()
    b.p("Hoi {{ name }},", bold=True)
    b.p("We hebben de kinderrechter iets gevraagd over jou. In deze brief leggen we uit wat, wie er leest wat jij "
        "vindt, en wat jij zelf kunt doen.")
    b.h1("Wat hebben we gevraagd?")
    b.p("{{ texts.plain }}")
    b.h1("Waarom?")
    b.p("{{ texts.why }}")
    b.h1("Wie leest wat jij vindt?")
    b.tag("{%p if heard %}")
    b.p("{{ texts.heard }}")
    b.tag("{%p else %}")
    b.p("{{ texts.not_heard }}")
    b.tag("{%p endif %}")
    b.h1("Wat kun je nog meer doen?")
    b.p("{{ texts.options_intro }}", keep_with_next=True)
    b.tag("{%p for option in texts.options %}")
    b.labelled("{{ option.title }}. ", "{{ option.text }}")
    b.tag("{%p endfor %}")
    b.h1("Voel je je niet veilig?")
    b.p("{{ texts.unsafe }}")
    b.h1("Wat gebeurt er nu?")
    b.p("{{ texts.next }}")
    b.h1("Vragen?")
    b.p("{{ texts.contact }}")
    b.p()
    b.p("Groetjes,", keep_with_next=True)
    b.p("{{ contact.name }}", keep_with_next=True)
    b.p("{{ organisation }}")
    footer(b, "Kenmerk {{ verification_code }}")
    return b.bytes()
