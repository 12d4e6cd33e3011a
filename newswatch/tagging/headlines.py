"""Headline grammar: event types that the trigger rules miss in the telegraphic style of
headlines and one-line feed descriptions.

* Casualty-led headlines are typed by their cause through the trigger rules ("Blast kills 5
  in Azaz": BOMBING; "US raid kills ISIS leader": KILLING). A generic "attack" with a death
  toll typed as KILLING was tried and dropped: it lowered precision on the held-out half.
* Cross-border strikes: "Israel strikes Damascus airport", "Israeli raids on Syria's
  Damascus", "US attacks hit targets in Syria": a state striking a place in another country
  does so from the air (AIRSTRIKE), unless artillery, rockets or a bomb are named.
"""

from __future__ import annotations

from spacy.tokens import Span

from newswatch.tagging.doc_index import sentence_ents
from newswatch.tagging.gazetteer import Gazetteer
from newswatch.tagging.parties import is_modifier
from newswatch.tagging.triggers import TriggerHit
from newswatch.taxonomy import VIOLENT_TYPES

STRIKE_WORDS = {
    "strike", "strikes", "struck", "attack", "attacks", "attacked", "hit", "hits", "raid", "raids",
    "raided", "pound", "pounds", "pounded", "bomb", "bombs", "bombed", "target", "targets", "targeted",
}  # fmt: skip


class HeadlineGrammar:
    def __init__(self, gazetteer: Gazetteer):
        self.gaz = gazetteer

    def extend(self, sent: Span, hits: dict[str, TriggerHit]) -> dict[str, TriggerHit]:
        """The trigger rules' hits for a headline, plus what headline grammar adds."""
        if VIOLENT_TYPES & hits.keys():
            return hits
        strike = self._cross_border(sent)
        if strike is not None:
            return {**hits, "AIRSTRIKE": TriggerHit("AIRSTRIKE", sent.doc[strike].text, strike)}
        return hits

    def _country(self, ent: Span) -> str | None:
        gent = self.gaz.get(ent.ent_id_) if ent.ent_id_ else None
        return gent.country if gent is not None else None

    def _cross_border(self, sent: Span) -> int | None:
        """The token of a strike word between a state (the striker) and a place in another
        country (the target): "Israel strikes Damascus airport", "Israeli raids on Syria"."""
        ents = [e for e in sentence_ents(sent) if e.ent_id_ and not is_modifier(e)]
        for tok in sent:
            if tok.lower_ not in STRIKE_WORDS:
                continue
            before = [e for e in ents if e.end <= tok.i and tok.i - e.end <= 1]
            striker = next((e for e in before if self.gaz.get(e.ent_id_).kind == "state"), None)
            if striker is None:
                continue
            after = [e for e in ents if e.start > tok.i and e.start - tok.i <= 4]
            target = next(
                (
                    e
                    for e in after
                    if self.gaz.get(e.ent_id_).kind in ("state", "place")
                    and self._country(e) not in (None, self._country(striker))
                ),
                None,
            )
            if target is not None:
                return tok.i
        return None
