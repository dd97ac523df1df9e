/// Times the phases of an analysis, one lap each (for `--stats` and the benchmarks).
struct PhaseClock {
    let clock = ContinuousClock()
    var start: ContinuousClock.Instant
    var phases: [(name: String, seconds: Double)] = []

    init() { start = clock.now }

    /// Ends the current phase under `name` and starts the next.
    mutating func lap(_ name: String) {
        let now = clock.now
        let d = (now - start).components
        phases.append((name, Double(d.seconds) + Double(d.attoseconds) * 1e-18))
        start = now
    }
}
