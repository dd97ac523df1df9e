/// Regions as readable conjunctions, witness cases inside them, and membership of a case.
/// (Merging cubes into maximal regions is in RegionMerge.swift.)
public enum Regions {
    /// A box as a conjunction of the constraints that narrow it (`∧`-joined); `⊤` for all.
    public static func describe(_ box: Box, space: Space) -> String {
        let parts = constraints(box, space: space)
        return parts.isEmpty ? "any case" : parts.joined(separator: " ∧ ")
    }

    public static func constraints(_ box: Box, space: Space) -> [String] {
        // `mitoses >= 6` says mitoses is given: `known(mitoses)` beside it is not written.
        let valued = Set(box.domains.indices.filter { v in
            space.presenceVariable(of: v) != nil && box.domains[v] != space.vars[v].full
        }.map { space.vars[$0].inputName })
        // Where an input is missing its own variables do not matter: not written.
        let missing = Set(box.domains.indices.filter { v in
            if case .presence = space.vars[v].kind { return box.domains[v] == .mask(0b01) } else { return false }
        }.map { space.vars[$0].inputName })
        // Two atoms over one divisor say "undetermined" alike: each text once.
        var seen = Set<String>()
        return box.domains.enumerated().compactMap { v, d in
            if case .presence(let input) = space.vars[v].kind, d == .mask(0b10), valued.contains(input) { return nil }
            if space.presenceVariable(of: v) != nil, missing.contains(space.vars[v].inputName) { return nil }
            guard let c = constraint(v, d, space: space) else { return nil }
            guard let pv = space.presenceVariable(of: v), box.domains[pv] == space.vars[pv].full else { return c }
            return space.orMissing(c, v)
        }.filter { seen.insert($0).inserted }
    }

    /// Whether a list of names (`∉ {…}`) reads clearly shorter than another (`∈ {…}`): by a
    /// fifth of its characters at least; on a near tie the positive form reads better.
    static func shorter(_ a: [String], than b: [String]) -> Bool {
        let x = a.reduce(0) { $0 + $1.count + 2 }, y = b.reduce(0) { $0 + $1.count + 2 }
        return 5 * x < 4 * y
    }

    /// What a domain says about variable `v`, or nil when it is the whole domain.
    static func constraint(_ v: Int, _ d: Domain, space: Space) -> String? {
        let sv = space.vars[v]
        guard d != sv.full else { return nil }
        switch (sv.kind, d) {
        case let (.numeric(_, type, unit), .interval(iv)):
            guard case .interval(let full) = sv.full else { return nil }
            return describeInterval(sv.name, iv, full: full, type: type, unit: unit)
        case let (.enumeration(members), .mask(m)):
            let names = members.enumerated().filter { m & (1 << UInt64($0.offset)) != 0 }.map(\.element)
            if names.count == 1 { return "\(sv.name) = \(names[0])" }
            // Say the shorter of "in {…}" and "not in {…}".
            let others = members.enumerated().filter { m & (1 << UInt64($0.offset)) == 0 }.map(\.element) + (space.outside[sv.name] ?? [])
            if others.count == 1 { return "\(sv.name) ≠ \(others[0])" }
            if shorter(others, than: names) { return "\(sv.name) ∉ {\(others.joined(separator: ", "))}" }
            return "\(sv.name) ∈ {\(names.joined(separator: ", "))}"
        case (.bool, .mask(let m)):
            return m == 0b10 ? sv.name : "not \(sv.name)"
        case let (.setMember(set, member), .mask(m)):
            return m == 0b10 ? "\(member) ∈ \(set)" : "\(member) ∉ \(set)"
        case (.presence, .mask(let m)):
            return m == 0b10 ? sv.name : "not \(sv.name)"
        case let (.atom(a), .mask(m)):
            let atom = space.atoms[a]
            switch m {
            case 0b001: return atom.text(false)
            case 0b010: return atom.text(true)
            case 0b100: return "\(atom.dividingSide) undetermined (division by zero)"
            case 0b011: return "\(atom.dividingSide) determined"
            case 0b101: return "not \(atom.text(true))"
            default: return "not \(atom.text(false))"
            }
        default:
            return nil
        }
    }

    static func describeInterval(_ name: String, _ iv: Interval, full: Interval, type: GType, unit: UnitInfo?) -> String {
        func show(_ x: Rational) -> String {
            if case .quantity(let d) = type { return exactQuantity(x, unit: unit, dimension: d) }
            return formatNumber(x)
        }
        if iv.isPoint { return "\(name) = \(show(iv.lo))" }
        let lowMatters = iv.lo != full.lo || iv.loOpen != full.loOpen
        let highMatters = iv.hi != full.hi || iv.hiOpen != full.hiOpen
        switch (lowMatters && iv.lo.isFinite, highMatters && iv.hi.isFinite) {
        case (true, true): return "\(show(iv.lo)) \(iv.loOpen ? "<" : "<=") \(name) \(iv.hiOpen ? "<" : "<=") \(show(iv.hi))"
        case (true, false): return "\(name) \(iv.loOpen ? ">" : ">=") \(show(iv.lo))"
        case (false, true): return "\(name) \(iv.hiOpen ? "<" : "<=") \(show(iv.hi))"
        case (false, false): return "\(name) any"
        }
    }

    /// A quantity as text that reads back as exactly the same value: in `unit` when the printed
    /// number converts back exactly (`2.5 cm`), else in the base unit (`30 day`, not the rounded
    /// `0.082135524 year`, which is a little more than 30 days and so on the other side of a
    /// `30 days` threshold).
    /// A number of many digits in the unit (`0.082135523614 years`) is also shown in the base
    /// unit (`30 days`), for readers. A date is quoted, as a script writes it.
    public static func exactQuantity(_ x: Rational, unit: UnitInfo?, dimension: Dimension) -> String {
        if dimension.isDate { return "\"" + CalendarDate.format(x) + "\"" }
        if let u = unit, let inUnit = Units.fromBase(x, u), inUnit.rounded(toDecimalPlaces: 8) == inUnit {
            let digits = formatNumber(inUnit).drop { $0 == "-" || $0 == "0" || $0 == "." }.filter(\.isNumber).count
            if digits <= 8 { return Units.format(x, in: u, dimension: dimension) }
        }
        return Units.format(x, in: nil, dimension: dimension)
    }

    /// Whether the box holds only cases where input `slot` of the program is missing.
    static func missing(_ slot: Int, _ box: Box, _ b: Space.Binding) -> Bool {
        guard slot < b.presenceVar.count, let pv = b.presenceVar[slot] else { return false }
        return box.domains[pv] == .mask(0b01)
    }

    /// A concrete value inside each domain: a witness case for the box, as input values of
    /// the program at `programIndex` (unknown for an input the box has missing).
    public static func witness(_ box: Box, space: Space, programIndex: Int) -> [Value] {
        let p = space.programs[programIndex]
        let b = space.bindings[programIndex]
        var values = [Value](repeating: .unknown, count: p.inputs.count)
        for (slot, input) in p.inputs.enumerated() {
            if missing(slot, box, b) { continue }
            if case .set = input.type {
                var mask: UInt64 = 0
                for (m, v) in b.setVars[slot].enumerated() {
                    if let v, case .mask(let d) = box.domains[v], d == 0b10 { mask |= 1 << UInt64(m) }
                }
                values[slot] = .set(mask)
                continue
            }
            guard let v = b.inputVar[slot] else { continue }
            switch box.domains[v] {
            case .interval(let iv): values[slot] = .number(sample(iv, integer: input.type.isWholeNumber, unit: input.unit))
            case .mask(let m):
                if input.type == .bool { values[slot] = .bool(m & 0b01 == 0) }
                else if m != 0 {
                    let j = m.trailingZeroBitCount
                    let j2p = b.jointToProgram[slot]
                    values[slot] = .member(j < j2p.count ? j2p[j] : j)
                }
            }
        }
        return values
    }

    /// A readable number inside an interval: an end it includes, else a round number between.
    static func sample(_ iv: Interval, integer: Bool, unit: UnitInfo?) -> Rational {
        let step = integer ? Rational.one : (unit?.factor ?? .one)
        // The whole step above `x`, and below it (nil when that does not fit).
        func above(_ x: Rational) -> Rational? { x.divided(by: step)?.floor.multiplied(by: step)?.adding(step) }
        func below(_ x: Rational) -> Rational? { x.divided(by: step)?.ceiling.multiplied(by: step)?.subtracting(step) }
        if !iv.loOpen, iv.lo.isFinite { return iv.lo }
        if !iv.hiOpen, iv.hi.isFinite, !iv.lo.isFinite { return iv.hi }
        if iv.lo.isFinite && iv.hi.isFinite {
            if let up = above(iv.lo), iv.contains(up) { return up }
            if !iv.hiOpen { return iv.hi }
            let half = Rational(1, 2) ?? .one
            let mid = iv.lo.multiplied(by: half).flatMap { a in iv.hi.multiplied(by: half).flatMap { a.adding($0) } } ?? iv.lo
            return integer ? mid.floor : mid
        }
        if iv.lo.isFinite { return above(iv.lo) ?? iv.lo }
        if iv.hi.isFinite { return below(iv.hi) ?? iv.hi }
        return .zero
    }

    /// Whether a case (input values of program `programIndex`) lies in the box: a complete
    /// one, or one missing only inputs that have a presence variable.
    public static func contains(_ box: Box, values: [Value], space: Space, programIndex: Int) -> Bool {
        let p = space.programs[programIndex]
        let b = space.bindings[programIndex]
        for (slot, input) in p.inputs.enumerated() {
            let value = slot < values.count ? values[slot] : .unknown
            if slot < b.presenceVar.count, let pv = b.presenceVar[slot], case .mask(let m) = box.domains[pv] {
                if m & (value.isUnknown ? 0b01 : 0b10) == 0 { return false }
                if value.isUnknown { continue }
            }
            if case .set = input.type {
                guard case .set(let mask) = value else { return false }
                for (m, v) in b.setVars[slot].enumerated() {
                    guard let v, case .mask(let d) = box.domains[v] else { continue }
                    let bit: UInt64 = mask & (1 << UInt64(m)) != 0 ? 0b10 : 0b01
                    if d & bit == 0 { return false }
                }
                continue
            }
            guard let v = b.inputVar[slot] else { continue }
            switch (box.domains[v], value) {
            case let (.interval(iv), .number(x)): if !iv.contains(x) { return false }
            case let (.mask(m), .bool(t)): if m & (t ? 0b10 : 0b01) == 0 { return false }
            case let (.mask(m), .member(pm)):
                guard let j = b.jointToProgram[slot].firstIndex(of: pm) else { return false }
                if m & (1 << UInt64(j)) == 0 { return false }
            default: return false
            }
        }
        return true
    }
}
