"""`make bench`: run every benchmark and print its figures."""

from benchmarks import (access_log, assignment, assignment_year, documents, flow_overhead, pdf_slots, tasklist,
                        verify_audit)


def main() -> None:
    flow_overhead.main()
    print()
    assignment.main()
    print()
    assignment_year.main([])
    print()
    documents.main()
    print()
    pdf_slots.main()
    print()
    access_log.main()
    print()
    verify_audit.main()
    print()
    tasklist.main()


if __name__ == "__main__":
    main()
