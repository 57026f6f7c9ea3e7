"""`make bench`: run every benchmark and print its figures."""

from benchmarks import flow_overhead


def main() -> None:
    flow_overhead.main()


if __name__ == "__main__":
    main()
