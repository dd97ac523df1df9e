/// The meaning of a decision table's hit policy, once, for every engine: the value of a table
/// from whether each row matches (yes, no or unknown), folded row by row in row order.
///
/// - `unique`: the one row that surely matches, if exactly one does and every row that may
///   match has its output;
/// - `first`: the first row that surely matches, if every earlier row that may match has its
///   output;
/// - `collect`: the set of the outputs of the rows that surely match, if every row that may
///   match adds nothing to it.
///
/// Otherwise (and when no row surely matches under `unique` or `first`) the value is unknown.
/// The tree evaluator and the compiled machine's tables of more than 64 rows fold a table's
/// rows with it; the decision diagrams fold it at their leaves; the machine's bit-set tables
/// compute the same value from row masks (pinned by the conformance corpus and the random
/// guideline tests).
public struct TableTally: Sendable, Hashable {
    /// Rows that surely match, counted up to two (enough for every policy).
    public private(set) var sure = 0
    /// `unique`/`first`: the output of the first row that surely matches; `collect`: the set of
    /// members of the rows that surely match (`.set`).
    public private(set) var output: Value?
    /// Outputs of the rows that may match (before the first sure row, under `first`), each once.
    public private(set) var maybe: [Value] = []

    public init() {}

    /// Whether later rows can still change the value (under `first`, not after a sure match).
    public func isOpen(_ policy: HitPolicy) -> Bool { policy != .first || sure == 0 }

    /// The tally with one more row, whose match is `match` and whose output is `out`.
    public func adding(_ match: Truth, output out: Value, policy: HitPolicy) -> TableTally {
        guard isOpen(policy) else { return self }
        var t = self
        switch match {
        case .no: break
        case .unknown:
            if !t.maybe.contains(out) { t.maybe.append(out) }
        case .yes:
            switch policy {
            case .unique, .first:
                if t.sure == 0 { t.output = out }
                t.sure = min(t.sure + 1, 2)
            case .collect:
                var mask = t.output?.setMask ?? 0
                if let m = out.memberIndex, m < 64 { mask |= 1 << m }
                t.output = .set(mask)
                t.sure = min(t.sure + 1, 2)
            }
        }
        return t
    }

    /// The table's value once every row is added.
    public func value(_ policy: HitPolicy) -> Value {
        switch policy {
        case .unique, .first:
            guard let out = output, policy == .first || sure == 1 else { return .unknown }
            return maybe.allSatisfy { $0 == out } ? out : .unknown
        case .collect:
            let mask = output?.setMask ?? 0
            for out in maybe {
                guard let m = out.memberIndex, Operators.isMember(m, of: mask) else { return .unknown }
            }
            return .set(mask)
        }
    }

    /// The value of a table of `rowCount` rows, asking `match` for each row in order (and no
    /// further than the policy needs).
    public static func decide(_ policy: HitPolicy, rowCount: Int, output: (Int) -> Value,
                              match: (Int) -> Truth) -> Value {
        var tally = TableTally()
        for r in 0..<rowCount {
            guard tally.isOpen(policy) else { break }
            tally = tally.adding(match(r), output: output(r), policy: policy)
        }
        return tally.value(policy)
    }

    /// The same decision over only `rows` (ascending): every other row is known not to match,
    /// which adds nothing to a tally (used with a table's index).
    public static func decide(_ policy: HitPolicy, rows: some Sequence<Int>, output: (Int) -> Value,
                              match: (Int) -> Truth) -> Value {
        var tally = TableTally()
        for r in rows {
            guard tally.isOpen(policy) else { break }
            tally = tally.adding(match(r), output: output(r), policy: policy)
        }
        return tally.value(policy)
    }
}
