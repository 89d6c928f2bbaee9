#!/usr/bin/env python3
"""Summarise VSTest TRX files and JUnit XML files (Vitest, Playwright) together.

Usage: trx_summary.py FILE [FILE ...]     (each a .trx or a JUnit .xml; told apart by their root element)

TRX: counts every UnitTestResult (leaf results only; a data-driven parent with
InnerResults is replaced by its inner results):
  Passed                               -> passed
  Failed / Error / Timeout / Aborted   -> failed
  anything else (NotExecuted, ...)     -> skipped
JUnit: counts every testcase:
  with a <failure> or <error> child    -> failed
  with a <skipped> child               -> skipped
  otherwise                            -> passed
Prints each failed test with its error message (and the top of its stack trace),
then, as the last line, exactly: "N passed, N failed, N skipped".
Exit status: 1 if any test failed, no test result was found at all, a file could
not be parsed, or a JUnit file holds no test case (its runner stopped before any
test); else 0.
"""

from __future__ import annotations

import sys
import xml.etree.ElementTree as ET

NS = "{http://microsoft.com/schemas/VisualStudio/TeamTest/2010}"
FAILED_OUTCOMES = {"failed", "error", "timeout", "aborted"}
MAX_MESSAGE = 2000
MAX_STACK = 1000


def _truncate(text: str, limit: int) -> str:
    text = text.strip()
    if len(text) <= limit:
        return text
    return text[:limit] + f"... [truncated, {len(text) - limit} more chars]"


def _leaf_results(root: ET.Element):
    for result in root.iter(f"{NS}UnitTestResult"):
        inner = result.find(f"{NS}InnerResults")
        if inner is not None and inner.find(f"{NS}UnitTestResult") is not None:
            continue  # counted through its inner results
        yield result


def _junit_cases(root: ET.Element):
    """Yields (name, outcome, message, details) for each testcase; outcome is passed, failed or skipped."""
    for case in root.iter("testcase"):
        classname = case.get("classname") or ""
        name = case.get("name") or "<unnamed test>"
        full = f"{classname} > {name}" if classname and classname not in name else name
        problem = case.find("failure")
        if problem is None:
            problem = case.find("error")
        if problem is not None:
            message = problem.get("message") or ""
            details = problem.text or ""
            if message.strip() and message.strip() in details:
                message = ""  # Playwright repeats the message at the top of the body
            yield full, "failed", message, details
        elif case.find("skipped") is not None:
            yield full, "skipped", "", ""
        else:
            yield full, "passed", "", ""


def main(argv: list[str]) -> int:
    paths = argv[1:]
    passed = failed = skipped = 0
    failures: list[tuple[str, str, str, str]] = []
    run_errors: list[str] = []
    unreadable = 0

    for path in paths:
        try:
            root = ET.parse(path).getroot()
        except (ET.ParseError, OSError) as exc:
            run_errors.append(f"{path}: could not parse TRX: {exc}")
            unreadable += 1
            continue

        if root.tag in ("testsuites", "testsuite"):
            cases = 0
            for name, outcome, message, details in _junit_cases(root):
                cases += 1
                if outcome == "passed":
                    passed += 1
                elif outcome == "skipped":
                    skipped += 1
                else:
                    failed += 1
                    failures.append((name, "Failed", message, details))
            if cases == 0:
                run_errors.append(f"{path}: no test case in this JUnit file (the runner stopped before any test ran)")
                unreadable += 1
            continue

        for result in _leaf_results(root):
            outcome = (result.get("outcome") or "").strip()
            key = outcome.lower()
            if key == "passed":
                passed += 1
            elif key in FAILED_OUTCOMES:
                failed += 1
                name = result.get("testName") or result.get("testId") or "<unnamed test>"
                message = result.findtext(f"{NS}Output/{NS}ErrorInfo/{NS}Message") or ""
                stack = result.findtext(f"{NS}Output/{NS}ErrorInfo/{NS}StackTrace") or ""
                failures.append((name, outcome, message, stack))
            else:
                skipped += 1

        # Run-level problems (test host crash, blame hang timeout, ...).
        for info in root.iter(f"{NS}RunInfo"):
            if (info.get("outcome") or "").lower() in {"error", "failed", "aborted"}:
                text = (info.findtext(f"{NS}Text") or "").strip()
                if not text or (text.startswith("[xUnit.net") and text.endswith("[FAIL]")):
                    continue  # xunit echoes each failed test here; already reported below
                run_errors.append(f"{path}: {_truncate(text, MAX_MESSAGE)}")

    if run_errors:
        print("Test run errors:")
        for err in run_errors:
            print(f"  {err}")
        print()

    if failures:
        print(f"Failed tests ({len(failures)}):")
        for name, outcome, message, stack in failures:
            print(f"--- {name} [{outcome}]")
            if message.strip():
                print(_truncate(message, MAX_MESSAGE))
            if stack.strip():
                print(_truncate(stack, MAX_STACK))
        print()

    total = passed + failed + skipped
    if not paths:
        print("No result files were given (no test project produced results).")
    elif total == 0:
        print("No test results found in the result files (zero tests ran).")

    print(f"{passed} passed, {failed} failed, {skipped} skipped")
    sys.stdout.flush()
    return 1 if failed > 0 or total == 0 or unreadable > 0 else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
