/// A checked guideline: every name resolved to a slot or an index, every unit converted to
/// its base unit. This is what the evaluator, the analyses and the tools work on.

/// A resolved expression. Slots index the case's value array: inputs first, then derived
/// values (lets and tables) in dependency order.
public indirect enum IR: Sendable, Hashable {
    case constant(Value)
    case slot(Int)
    case negate(IR)
    case arith(ArithOp, IR, IR)
    case compare(CompareOp, IR, IR)
    case and(IR, IR)
    case or(IR, IR)
    case not(IR)
    /// `element in set`; the set is a constant mask or a set-valued expression.
    case member(IR, IR, negated: Bool)
    case conditional(IR, IR, IR)
    /// `known(x)`: whether the value is known; never unknown itself.
    case known(IR)
    /// A built-in function of its operands (`count(s)`, `min(a, b)`, …).
    case call(Builtin, [IR])

    /// The operands of this node, in source order.
    public var children: [IR] {
        switch self {
        case .constant, .slot: return []
        case .negate(let a), .not(let a): return [a]
        case .arith(_, let a, let b), .compare(_, let a, let b), .and(let a, let b), .or(let a, let b), .member(let a, let b, _):
            return [a, b]
        case .conditional(let c, let a, let b): return [c, a, b]
        case .known(let a): return [a]
        case .call(_, let args): return args
        }
    }

    /// Every node of the expression in pre-order, without recursion (expressions may be deep).
    public var nodes: [IR] {
        var out: [IR] = []
        var stack = [self]
        while let e = stack.popLast() {
            out.append(e)
            stack.append(contentsOf: e.children.reversed())
        }
        return out
    }

    /// Slots this expression reads directly.
    public func slots(into out: inout Set<Int>) {
        for case .slot(let s) in nodes { out.insert(s) }
    }
    public var slots: Set<Int> { var s = Set<Int>(); slots(into: &s); return s }
}

/// The built-in functions of numbers and sets, by the name they are called with. `known` is
/// not among them: it is the one operation that is never unknown (`IR.known`).
public enum Builtin: String, Sendable, Hashable, CaseIterable {
    /// `count(s)`: how many members a set has.
    case count
    /// `min(a, b)`, `max(a, b)`: the smaller or larger of two numbers of one type.
    case min, max
    /// `abs(x)`: the magnitude of a number.
    case abs

    /// How many operands it takes.
    public var arity: Int {
        switch self {
        case .count, .abs: return 1
        case .min, .max: return 2
        }
    }
}

public struct EnumInfo: Sendable {
    public let name: String
    public let members: [String]
    public let range: SourceRange?
    public func index(of member: String) -> Int? { members.firstIndex(of: member) }
}

/// A closed or open bound from an input's `where` clause.
public struct Bound: Sendable, Hashable {
    public var value: Rational
    public var inclusive: Bool
}

public struct InputInfo: Sendable {
    public let name: String
    public let type: GType
    /// For quantities: the unit of bare numbers in case records.
    public let unit: UnitInfo?
    public let defaultValue: Value?
    public let lower: Bound?
    public let upper: Bound?
    public let doc: String?
    public let range: SourceRange
    /// Declared `fixed`: why-not does not suggest changing it.
    public var fixed: Bool = false

    /// A physical quantity (a length, a mass, a volume, a duration, a concentration…) is never
    /// negative in a record; a ratio (`%`) may be (a change), a date is not a size, and a
    /// declared lower bound says what its input allows. Records, the fast record reader and
    /// the analyses all read this one rule.
    public var neverNegative: Bool {
        guard case .quantity(let dim) = type else { return false }
        return lower == nil && !dim.isDate && !dim.isRatio
    }
}

public enum DerivedKind: Sendable {
    case letValue(IR)
    case table(Int)
}

public struct DerivedInfo: Sendable {
    public let name: String
    public let type: GType
    public let kind: DerivedKind
    public let doc: String?
    public let range: SourceRange
    /// The source text of a let's expression, for explanations.
    public let source: String
    /// The unit its value is shown in: the unit written in a comparison it meets
    /// (`dose_per_kg > 10 mg/kg`), or nil for its dimension's display unit.
    public internal(set) var unit: UnitInfo? = nil
}

public enum CellTest: Sendable, Hashable {
    case any
    case compare(CompareOp, Value)
    case interval(low: Rational, lowOpen: Bool, high: Rational, highOpen: Bool)
    /// Enum membership by bit mask.
    case oneOf(UInt64, negated: Bool)
}

public struct RowInfo: Sendable {
    public let cells: [CellTest]
    public let output: Value
    public let range: SourceRange
}

public struct TableInfo: Sendable {
    public let name: String
    public let policy: HitPolicy
    public let columns: [IR]
    public let columnTypes: [GType]
    public let columnSources: [String]
    public let rows: [RowInfo]
    /// For `collect`: the type of one output (the table's type is a set of it).
    public let outputType: GType
    public let range: SourceRange
}

public struct RecommendationInfo: Sendable {
    public let code: String
    public let strength: Strength
    public let text: String
    public let citation: String
    public let source: String
    public let doc: String?
    public let range: SourceRange
    /// Its evidence grades (`evidence esmo [I, A]`), in the order written.
    public var evidence: [EvidenceGrade] = []
}

/// A grading scheme a guideline declares (`evidence esmo { level I | II  grade A | B }`).
public struct EvidenceScheme: Sendable, Hashable {
    public struct Dimension: Sendable, Hashable {
        public let name: String
        public let values: [String]
    }
    public let name: String
    public let dimensions: [Dimension]
    public let range: SourceRange
}

/// A recommendation's grade in one scheme: one value per dimension, in the scheme's order.
public struct EvidenceGrade: Sendable, Hashable {
    public let scheme: String
    /// (dimension, value) pairs in the scheme's order.
    public let values: [(dimension: String, value: String)]

    public init(scheme: String, values: [(dimension: String, value: String)]) {
        self.scheme = scheme
        self.values = values
    }

    /// As written in the source: `esmo [I, A]`.
    public var text: String { "\(scheme) [" + values.map(\.value).joined(separator: ", ") + "]" }

    public static func == (a: Self, b: Self) -> Bool { a.text == b.text && a.values.map(\.dimension) == b.values.map(\.dimension) }
    public func hash(into h: inout Hasher) { h.combine(text) }
}

extension Array where Element == EvidenceGrade {
    /// All grades as text, `esmo [I, A]; grade [low, strong]`; empty when there are none.
    public var text: String { map(\.text).joined(separator: "; ") }
}

/// A node of the pathway. Branch ids number every `when`, `first` alternative and
/// `otherwise` in source order, for coverage and explanations.
public indirect enum PathNode: Sendable {
    case when(Branch, [PathNode])
    case first([(Branch, [PathNode])], otherwise: (Branch, [PathNode])?)
    case recommend([Int], SourceRange)
}

public struct Branch: Sendable {
    public let id: Int
    /// nil for `otherwise`.
    public let condition: IR?
    public let source: String
    public let range: SourceRange
    /// The branch's `because "…"`, if it has one.
    public var because: String? = nil
    /// For a branch of a sub-pathway: the `follow` statements it was reached through, outermost
    /// first (each use of a sub-pathway has branches of its own).
    public var via: [FollowSite] = []

    /// For a branch of a sub-pathway, the uses it stands in (` (in drug_sequence, followed at
    /// line 12)`); empty otherwise.
    public var viaDescription: String {
        via.map { " (in \($0.pathway), followed at line \($0.range.line))" }.joined()
    }

    /// For a finding about a branch of a sub-pathway: which use it is about (each use is
    /// analysed on its own).
    public var useNotes: [Diagnostic.Note] {
        via.isEmpty ? [] : [.text("in this use: " + via.map { "'\($0.pathway)' followed at line \($0.range.line)" }.joined(separator: ", within "))]
    }
}

/// A `follow name` statement that a sub-pathway's nodes were expanded at.
public struct FollowSite: Sendable, Hashable {
    public let pathway: String
    public let range: SourceRange
}

/// Where a `follow` put a sub-pathway's nodes: in the block of branch `parent` (nil: the
/// pathway's top level) within the use `via` (outermost first), at `nodes` of that block.
public struct FollowUse: Sendable {
    public let site: FollowSite
    public let via: [FollowSite]
    public let parent: Int?
    public var nodes: Range<Int>
}

public struct Program: Sendable {
    public let name: String
    public let version: String
    public let date: String?
    public let source: String
    public let file: SourceFile
    public let enums: [EnumInfo]
    public internal(set) var inputs: [InputInfo]
    /// Derived values in evaluation order; slot = inputs.count + index.
    public let derived: [DerivedInfo]
    public let tables: [TableInfo]
    public let recommendations: [RecommendationInfo]
    public let exclusive: [[Int]]
    public let pathway: [PathNode]
    /// Where `pathway { … }` is written.
    public let pathwayRange: SourceRange?
    public let branchCount: Int
    /// The `because "…"` of `recommend` statements, by the statement's range.
    public var recommendReasons: [SourceRange: String] = [:]
    /// Where `follow` statements put sub-pathways' nodes, for drawing each sub-pathway once.
    public var follows: [FollowUse] = []
    /// The grading schemes declared (`evidence NAME { … }`), in declaration order.
    public var evidenceSchemes: [EvidenceScheme] = []
    /// The hidden input holding the evaluation date, when the guideline reads `today`.
    public var todaySlot: Int? = nil
    /// For an expression compared with a number written with a unit (`planned_dose / weight >
    /// 10 mg/kg`), that unit: the one a person reads the expression's values in.
    public var writtenUnits: [IR: UnitInfo] = [:]

    public var slotCount: Int { inputs.count + derived.count }

    public func slotName(_ slot: Int) -> String {
        slot < inputs.count ? inputs[slot].name : derived[slot - inputs.count].name
    }
    public func slotType(_ slot: Int) -> GType {
        slot < inputs.count ? inputs[slot].type : derived[slot - inputs.count].type
    }
    public func slot(named name: String) -> Int? {
        if let i = inputs.firstIndex(where: { $0.name == name }) { return i }
        if let d = derived.firstIndex(where: { $0.name == name }) { return inputs.count + d }
        return nil
    }
    public func recommendation(code: String) -> Int? { recommendations.firstIndex { $0.code == code } }

    public func typeName(_ t: GType) -> String {
        switch t {
        case .number: return "number"
        case .count: return "count"
        case .bool: return "bool"
        case .string: return "string"
        case .quantity(let d): return d.rawValue
        case .enumeration(let e): return e < enums.count ? enums[e].name : "enum"
        case .set(let e): return "set of " + (e < enums.count ? enums[e].name : "enum")
        case .error: return "<error>"
        }
    }

    /// A value as a person reads it, in the slot's unit where it has one.
    public func format(_ v: Value, type: GType, unit: UnitInfo? = nil) -> String {
        switch (v, type) {
        case (.unknown, _): return "unknown"
        case (.bool(let b), _): return b ? "true" : "false"
        case (.number(let x), .quantity(let d)): return Units.format(x, in: unit, dimension: d)
        // A number with a ratio's unit (`planned_dose / weight` in mg/kg) is shown in it.
        case (.number(let x), .number) where unit?.dimension.isRatio == true: return Units.format(x, in: unit, dimension: .ratio)
        case (.number(let x), _): return formatNumber(x)
        case (.member(let m), .enumeration(let e)), (.member(let m), .set(let e)):
            return e < enums.count && m < enums[e].members.count ? enums[e].members[m] : "#\(m)"
        case (.set(let mask), .set(let e)):
            return "{" + members(of: mask, in: e).joined(separator: ", ") + "}"
        case (.string(let s), _): return "\"\(s)\""
        default: return "\(v)"
        }
    }

    public func formatSlot(_ slot: Int, _ v: Value) -> String {
        guard slot >= inputs.count, case .number(let x) = v, case .quantity(let d) = slotType(slot) else {
            return format(v, type: slotType(slot), unit: slotUnit(slot))
        }
        return format(v, type: slotType(slot), unit: Units.shownUnit(x, written: slotUnit(slot), dimension: d))
    }

    /// The unit a slot's value is shown in: an input's declared unit, a derived value's
    /// written unit (`DerivedInfo.unit`); nil for the dimension's display unit.
    public func slotUnit(_ slot: Int) -> UnitInfo? {
        slot < inputs.count ? inputs[slot].unit : derived[slot - inputs.count].unit
    }

    public func members(of mask: UInt64, in e: Int) -> [String] {
        guard e < enums.count else { return [] }
        return enums[e].members.enumerated().filter { mask & (1 << UInt64($0.offset)) != 0 }.map(\.element)
    }
}

extension Program {
    /// The slots a let's expression or a table's columns read directly.
    public func slotsRead(by d: DerivedInfo) -> Set<Int> {
        switch d.kind {
        case .letValue(let ir): return ir.slots
        case .table(let t): return tables[t].columns.reduce(into: []) { $0.formUnion($1.slots) }
        }
    }
}
