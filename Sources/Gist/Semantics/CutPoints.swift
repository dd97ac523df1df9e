/// Where a number's value matters: the constants it is compared with. Between two of them (and
/// at each) every comparison with them has one outcome, so they cut a number input into the
/// bands the compiled machine's decision tree and the decision diagrams work on.
extension CellTest {
    /// The numbers at which this cell's truth on a number can change.
    public var cutPoints: [Rational] {
        switch self {
        case .compare(_, .number(let x)): return [x]
        case .interval(let lo, _, let hi, _): return [lo, hi]
        case .any, .compare, .oneOf: return []
        }
    }
}
