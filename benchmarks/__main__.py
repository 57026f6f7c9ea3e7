"""`make bench`: run every benchmark and print its figures."""

from benchmarks import assignment, documents, flow_overhead


def main() -> None:
    flow_overhead.main()
    print()
    assignment.main()
    print()
    documents.main()


if __name__ == "__main__":
    main()
