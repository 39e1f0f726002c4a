"""Mutation testing of the rules: `make mutants` (mutmut), figures per rule module.

mutmut changes one thing at a time in the code (a `<` into `<=`, a `+ 1` into `+ 2`, a `True` into
`False`) and runs the tests that cover it; a mutant the tests do not notice "survives". The rules
are the functions named below: their share of killed mutants must reach GOAL. A rule module here
is the set of functions that hold one family of rules, because several of them sit in a service
file beside code that only writes records.

    python -m tests.mutants            # all rule modules, then the table
    python -m tests.mutants --report   # the table of the last run only

Not part of `make test`: it takes tens of minutes. Surviving mutants judged harmless are listed,
with the reason, in docs/mutants.md.
"""

import argparse
import dataclasses
import fnmatch
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MUTMUT = [sys.executable, "-m", "mutmut"]
GOAL = 0.85
# Statuses that mean the suite noticed the mutant. A timeout is a mutant that made the rule loop
# forever: the tests did not pass, so it counts as caught.
CAUGHT = {"killed", "timeout", "segfault"}
IGNORED = {"skipped", "no tests", "not checked"}


@dataclasses.dataclass(frozen=True)
class RuleModule:
    label: str
    module: str
    functions: tuple[str, ...]  # fnmatch patterns of function names; "*" is the whole module
    tests: tuple[str, ...]

    def patterns(self) -> list[str]:
        return [f"{self.module}.x_{name}__mutmut_*" for name in self.functions] + [
            f"{self.module}.xǁ*ǁ{name}__mutmut_*" for name in self.functions
        ]

    def owns(self, mutant: str) -> bool:
        return any(fnmatch.fnmatchcase(mutant, pattern) for pattern in self.patterns())


RULE_MODULES = (
    RuleModule(
        "Accreditation transitions",
        "accreditation.services",
        ("available_transitions", "_state_before_return", "case_transition", "mentor_refusal"),
        ("tests/accreditation",),
    ),
    RuleModule(
        "Operating status rules",
        "lks_registry.services",
        ("add_years", "reopening_refusal", "status_change_problem", "institution_change_status"),
        ("tests/lks_registry", "tests/supervision"),
    ),
    RuleModule(
        "Written warning rules",
        "supervision.services",
        (
            "open_round",
            "next_warning_level",
            "warning_refusal",
            "may_suspend_or_revoke",
            "is_sanction",
            "warning_rule",
        ),
        ("tests/supervision",),
    ),
    RuleModule("Working days", "lks_registry.working_days", ("*",), ("tests/lks_registry",)),
    RuleModule(
        "Application deadline",
        "applications.selectors",
        ("working_days_waited", "late_if_sent_on_or_before", "is_late", "late_sent_before"),
        ("tests/applications", "tests/reports"),
    ),
    RuleModule(
        "Visit and accreditation deadlines",
        "accreditation.selectors",
        (
            "add_months",
            "days_left",
            "expiring_horizon",
            "accreditation_expiring",
            "accreditation_expired",
            "never_applied_on",
        ),
        ("tests/accreditation", "tests/reports"),
    ),
    RuleModule(
        "Yearly LKSA visit",
        "supervision.selectors",
        ("yearly_visit_q", "lksa_not_visited_within_a_year"),
        ("tests/supervision", "tests/reports"),
    ),
    RuleModule("Dashboard metrics", "reports.metrics", ("*",), ("tests/reports",)),
    RuleModule(
        "Importer value parsers",
        "lks_registry.spreadsheet",
        (
            "clean_text",
            "header_key",
            "header_keys",
            "plain",
            "name_key",
            "_strip_prefix",
            "_year",
            "parse_*",
            "number_digits",
            "resolve_area",
        ),
        ("tests/lks_registry",),
    ),
    RuleModule(
        "Validators",
        "lks_registry.validators",
        (
            "normalise_npwp",
            "validate_npwp",
            "format_npwp",
            "validate_rt_rw",
            "validate_not_in_future",
            "validate_phone",
        ),
        ("tests/lks_registry", "tests/applications"),
    ),
)


def run(modules) -> None:
    patterns = [pattern for module in modules for pattern in module.patterns()]
    # One child at a time: the mutants share one test database.
    children = os.environ.get("MUTANT_CHILDREN", "1")
    # Exit status is not the verdict: the table below is.
    subprocess.run([*MUTMUT, "run", "--max-children", children, *patterns], cwd=ROOT)


def results() -> dict[str, str]:
    output = subprocess.run(
        [*MUTMUT, "results", "--all", "true"], cwd=ROOT, capture_output=True, text=True
    ).stdout
    statuses = {}
    for line in output.splitlines():
        name, _, status = line.strip().rpartition(": ")
        if name:
            statuses[name] = status
    return statuses


def report(modules) -> int:
    statuses = results()
    failing = 0
    print(f"{'rule module':36} {'mutants':>8} {'caught':>7} {'share':>7}  goal {GOAL:.0%}")
    for module in modules:
        own = {n: s for n, s in statuses.items() if module.owns(n) and s not in IGNORED}
        caught = sum(1 for s in own.values() if s in CAUGHT)
        share = caught / len(own) if own else 0.0
        verdict = "ok" if own and share >= GOAL else "BELOW"
        failing += verdict != "ok"
        print(f"{module.label:36} {len(own):8} {caught:7} {share:7.1%}  {verdict}")
        for name, status in sorted(own.items()):
            if status not in CAUGHT:
                print(f"    {status:10} {name}")
    return 1 if failing else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--report", action="store_true", help="only print the last run's table")
    parser.add_argument("labels", nargs="*", help="rule modules to run (default: all), by label")
    args = parser.parse_args()
    modules = [m for m in RULE_MODULES if not args.labels or m.label in args.labels]
    if not modules:
        parser.error("no rule module has that label: " + ", ".join(m.label for m in RULE_MODULES))
    if not args.report:
        run(modules)
    return report(modules)


if __name__ == "__main__":
    sys.exit(main())
