/// The quantity an expression computes and the unit a person reads it in, so that values and
/// the constants beside them are shown in the guideline's own units (`dose_per_kg > 10 mg/kg`,
/// `max(weight, 50 kg)`), never in the hidden base units (`0.00001`, `50000000`).
public struct ShownQuantity: Sendable, Hashable {
    public let dimension: Dimension
    /// nil: the dimension's display unit (`Dimension.displayUnit`).
    public let unit: UnitInfo?
}

extension Program {
    /// How the value of `ir` is shown: in the unit written in a comparison it meets, an input's
    /// declared unit, or its operands' unit; nil when it is not a quantity.
    public func shownQuantity(_ ir: IR) -> ShownQuantity? {
        guard let structural = operandsQuantity(ir) else { return nil }
        if let u = writtenUnits[ir], u.dimension == structural.dimension { return ShownQuantity(dimension: u.dimension, unit: u) }
        return structural
    }

    /// The quantity and unit of `ir` from what it reads: a slot's unit, its operands' unit.
    func operandsQuantity(_ ir: IR) -> ShownQuantity? {
        switch ir {
        case .slot(let s):
            if slotType(s) == .number, let u = slotUnit(s) { return ShownQuantity(dimension: .ratio, unit: u) }
            guard case .quantity(let d) = slotType(s) else { return nil }
            return ShownQuantity(dimension: d, unit: slotUnit(s))
        case .negate(let a):
            return shownQuantity(a)
        case .arith(let op, let a, let b):
            let (x, y) = (shownQuantity(a), shownQuantity(b))
            switch op {
            case .sub where x?.dimension.isDate == true && y?.dimension.isDate == true:
                return ShownQuantity(dimension: .duration, unit: nil)
            case .add, .sub: return x ?? y
            case .mul, .div:
                // A quantity times or over a plain number keeps its unit; two quantities make
                // a derived dimension, shown in its display unit.
                guard let x, let y else {
                    if let x { return x }
                    return y.map { op == .mul ? $0 : ShownQuantity(dimension: .ratio / $0.dimension, unit: nil) }
                }
                let d = op == .mul ? x.dimension * y.dimension : x.dimension / y.dimension
                return ShownQuantity(dimension: d, unit: nil)
            }
        case .conditional(_, let a, let b):
            return shownQuantity(a) ?? shownQuantity(b)
        case .call(let f, let args) where f != .count:
            return args.lazy.compactMap(shownQuantity).first
        default:
            return nil
        }
    }
}
