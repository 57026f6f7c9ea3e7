"""`make bench`: run every benchmark and print its figures."""

from benchmarks import assignment, flow_overhead


def main() -> None:
    flow_overhead.main()
    print()
    assignment.main()


if __name__ == "__main__":
    main()
