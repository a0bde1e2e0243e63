"""The question bank as the running bot sees it: loaded from the database, found by id or track."""

from __future__ import annotations

from dataclasses import dataclass

from bot.bank import Bank, Question, Track
from bot.grading import normalize


@dataclass(frozen=True)
class Catalog:
    bank: Bank

    @property
    def tracks(self) -> tuple[Track, ...]:
        return self.bank.tracks

    def question(self, question_id: str) -> Question | None:
        return self._by_id().get(question_id)

    def _by_id(self) -> dict[str, Question]:
        cached = self.__dict__.get("_index")
        if cached is None:
            cached = self.bank.by_id()
            object.__setattr__(self, "_index", cached)
        return cached

    def active(self, track: str = "") -> tuple[Question, ...]:
        """Enabled questions of one track, or of all tracks when track is empty."""
        return tuple(
            q for q in self.bank.questions if q.enabled and (not track or q.track == track)
        )

    def track(self, key: str) -> Track | None:
        return next((t for t in self.tracks if t.key == key), None)

    def resolve_track(self, text: str) -> Track | None:
        """A track from what a person types: key, Chinese or English name, or a clear prefix."""
        wanted = normalize(text)
        if not wanted:
            return None
        for track in self.tracks:
            names = {normalize(track.key), normalize(track.name), normalize(track.name_en)}
            names |= {normalize(track.name.removesuffix("基础"))}
            if wanted in names:
                return track
        matches = [
            t
            for t in self.tracks
            if normalize(t.key).startswith(wanted) or normalize(t.name_en).startswith(wanted)
        ]
        return matches[0] if len(matches) == 1 else None
