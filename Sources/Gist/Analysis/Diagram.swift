/// Multi-valued decision diagrams over the input space: the analyses' shared machinery.
///
/// A diagram is a DAG whose inner nodes test one variable — a numeric input's band between
/// thresholds, an enum input's member, a bool, or one member of a set input — and whose
/// leaves are terms (values, statuses, change labels). Nodes are hash-consed, so equal
/// functions are equal ids: identical parts of two guidelines cancel without being
/// enumerated. This is what makes exact diff, gap and overlap checks fast.
///
/// Nodes live in flat arrays (a level and a run of children in one shared pool) and the
/// unique table and operation cache are open-addressing tables of integers: the analyses
/// make millions of lookups, and hashing arrays or structs through `Hasher` dominated them.
public final class DiagramStore {
    public enum Term: Hashable, Sendable {
        case value(Value)
        case status(UInt8)
        /// A sorted list of labels (a diff's changes at a point).
        case labels([String])
        /// Intermediate state of a table's rows folded so far (`TableTally`).
        case tally(TableTally)
    }

    public let space: Space
    /// Variable tested at each level, and each variable's level.
    public let order: [Int]
    let levelOf: [Int]
    /// Per variable: its bands (numeric: intervals between thresholds; others: one per value).
    public let bands: [[Interval]]
    public let bandCount: [Int]
    /// Per level: how many children its nodes have.
    let width: [Int]

    /// Node `i` tests level `nodeLevel[i]`; its children are `pool[nodeStart[i]...]`.
    var nodeLevel: [Int] = []
    var nodeStart: [Int] = []
    var pool: [Int] = []
    var unique = IntTable(slots: 1 << 12)
    var memo = OpCache(slots: 1 << 12, maxSlots: OpCache.maxSlots(forNodeLimit: 4_000_000))
    var terms: [Term] = []
    var termIndex: [Term: Int] = [:]
    var nextOp = 0
    /// Set when a condition fell outside the analysable fragment.
    public var approximate = false
    /// The first let, table or branch condition the diagrams could not decide.
    public var approximateAt: SourceRange?
    /// Where the atoms' values and the inputs' bands can occur together (`Feasibility.swift`);
    /// `yes` when there are no atoms, so guidelines without them never start the solver.
    public lazy var feasible: Int = computeFeasible()
    /// The space in the solver's terms, made on first use where atoms occur.
    lazy var encoding: SpaceEncoding? = space.atoms.isEmpty ? nil : SpaceEncoding(space: space)
    /// Conditions the solver could not decide (time limit, arithmetic beyond it).
    public var undecided: Set<String> = []
    /// The most nodes an analysis may build; past it the analysis stops and says so rather
    /// than exhausting memory.
    public var nodeLimit = 4_000_000 {
        didSet { memo.maxSlots = OpCache.maxSlots(forNodeLimit: nodeLimit) }
    }
    /// The most branches (children, summed over nodes) an analysis may build: 16 a node on
    /// average (64 million, 512 MB, by default). Nodes of a number compared with thousands of
    /// thresholds are that wide, and would exhaust memory long before `nodeLimit`.
    public var branchLimit: Int {
        let (n, overflow) = nodeLimit.multipliedReportingOverflow(by: 16)
        return overflow ? Int.max : n
    }
    /// Set when `nodeLimit` or `branchLimit` was reached: results are incomplete and must not
    /// be trusted.
    public private(set) var exceeded = false
    /// How many branches the nodes have in all.
    public var branchCount: Int { pool.count }
    /// The size the analysis stopped at, for messages: "10 decision-diagram nodes (the limit)",
    /// or with the branches when those ran out first.
    public var sizeReached: String {
        nodeCount >= nodeLimit ? "\(nodeCount) decision-diagram nodes (the limit)"
            : "\(nodeCount) decision-diagram nodes with \(branchCount) branches in all (the limit on branches)"
    }

    /// How many inner nodes the store holds.
    public var nodeCount: Int { nodeLevel.count }

    /// Ids: terminals are negative (-1 - term index), nodes non-negative.
    public init(space: Space, order: [Int]) {
        self.space = space
        self.order = order
        var levelOf = [Int](repeating: 0, count: space.vars.count)
        for (l, v) in order.enumerated() { levelOf[v] = l }
        self.levelOf = levelOf
        var bands: [[Interval]] = []
        for v in space.vars.indices { bands.append(space.bandList[v]) }
        self.bands = bands
        self.bandCount = bands.map(\.count)
        self.width = order.map { bands[$0].count }
        for t in [Term.value(.bool(true)), .value(.bool(false)), .value(.unknown)] { _ = terminal(t) }
    }

    public func newOp() -> Int { nextOp += 1; return nextOp }

    /// Operation ids of leaf functions that depend only on `key` (a comparison operator, say),
    /// so their cached results are reused by every call, not only within one.
    var sharedOps: [AnyHashable: Int] = [:]
    public func op(for key: AnyHashable) -> Int {
        if let op = sharedOps[key] { return op }
        let op = newOp()
        sharedOps[key] = op
        return op
    }

    public func terminal(_ t: Term) -> Int {
        if let i = termIndex[t] { return -1 - i }
        terms.append(t)
        termIndex[t] = terms.count - 1
        return -terms.count
    }

    public func term(_ id: Int) -> Term? { id < 0 ? terms[-1 - id] : nil }
    func level(_ id: Int) -> Int { id < 0 ? Int.max : nodeLevel[id] }
    /// The variable node `id` tests.
    func variable(_ id: Int) -> Int { order[nodeLevel[id]] }
    /// The children of node `id`, one per band of its variable. The slice shares the pool's
    /// storage: copy it before making nodes, or every new node copies the whole pool.
    func children(_ id: Int) -> ArraySlice<Int> {
        let s = nodeStart[id]
        return pool[s..<(s + width[nodeLevel[id]])]
    }
    func child(_ id: Int, _ level: Int, _ band: Int) -> Int {
        if id < 0 || nodeLevel[id] != level { return id }
        return pool[nodeStart[id] + band]
    }

    func mk(_ level: Int, _ children: [Int]) -> Int {
        guard let first = children.first, children.contains(where: { $0 != first }) else { return children.first ?? unknown }
        var h = UInt64(truncatingIfNeeded: level) &* 0x9E37_79B9_7F4A_7C15
        for c in children { h = (h ^ UInt64(bitPattern: Int64(c))) &* 0xBF58_476D_1CE4_E5B9 }
        if let found = unique.find(hash: h, where: { id in
            guard nodeLevel[id] == level else { return false }
            let s = nodeStart[id]
            for (k, c) in children.enumerated() where pool[s + k] != c { return false }
            return true
        }) { return found }
        if nodeLevel.count >= nodeLimit || pool.count + children.count > branchLimit {
            exceeded = true
            return unknown
        }
        let id = nodeLevel.count
        nodeLevel.append(level)
        nodeStart.append(pool.count)
        pool.append(contentsOf: children)
        unique.insert(id, hash: h)
        return id
    }

    /// A diagram testing variable `v` whose value on band `i` is `leaf(i)`.
    public func test(_ v: Int, _ leaf: (Int) -> Int) -> Int {
        if exceeded { return unknown }
        return mk(levelOf[v], (0..<bandCount[v]).map(leaf))
    }

    /// The terminal of a value; truth values without a lookup (atoms ask for one per band).
    public func terminal(value v: Value) -> Int {
        switch v {
        case .bool(true): return yes
        case .bool(false): return no
        case .unknown: return unknown
        default: return terminal(.value(v))
        }
    }

    // MARK: operations

    public func map(_ a: Int, op: Int, _ f: (Term) -> Term) -> Int {
        if let t = term(a) { return terminal(f(t)) }
        if exceeded { return unknown }   // past the limit results are discarded: stop working
        if let r = memo.find(op, a, 0, 0) { return r }
        let r = mk(nodeLevel[a], Array(children(a)).map { map($0, op: op, f) })
        memo.insert(op, a, 0, 0, r)
        return r
    }

    public func apply(_ a: Int, _ b: Int, op: Int, _ f: (Term, Term) -> Term) -> Int {
        if let r = memo.find(op, a, b, Int.min) { return r }
        if exceeded { return unknown }
        let r: Int
        if a < 0 && b < 0 {
            r = terminal(f(terms[-1 - a], terms[-1 - b]))
        } else {
            let l = min(level(a), level(b))
            let count = width[l]
            var children: [Int] = []
            children.reserveCapacity(count)
            for i in 0..<count { children.append(apply(child(a, l, i), child(b, l, i), op: op, f)) }
            r = mk(l, children)
        }
        memo.insert(op, a, b, Int.min, r)
        return r
    }

    /// `apply` over ids: `quick` answers the pairs it can decide without looking inside —
    /// it must answer every pair of terminals.
    func combine(_ a: Int, _ b: Int, op: Int, _ quick: (Int, Int) -> Int?) -> Int {
        if let r = quick(a, b) { return r }
        if let r = memo.find(op, a, b, Int.min) { return r }
        if exceeded { return unknown }
        let l = min(level(a), level(b))
        let count = width[l]
        var children: [Int] = []
        children.reserveCapacity(count)
        for i in 0..<count { children.append(combine(child(a, l, i), child(b, l, i), op: op, quick)) }
        let r = mk(l, children)
        memo.insert(op, a, b, Int.min, r)
        return r
    }

    public func apply3(_ a: Int, _ b: Int, _ c: Int, op: Int, _ f: (Term, Term, Term) -> Term) -> Int {
        if let r = memo.find(op, a, b, c) { return r }
        if exceeded { return unknown }
        let r: Int
        if a < 0 && b < 0 && c < 0 {
            r = terminal(f(terms[-1 - a], terms[-1 - b], terms[-1 - c]))
        } else {
            let l = min(level(a), level(b), level(c))
            let count = width[l]
            var children: [Int] = []
            children.reserveCapacity(count)
            for i in 0..<count { children.append(apply3(child(a, l, i), child(b, l, i), child(c, l, i), op: op, f)) }
            r = mk(l, children)
        }
        memo.insert(op, a, b, c, r)
        return r
    }

    /// The distinct terms a diagram can reach.
    public func leaves(_ a: Int) -> Set<Term> {
        var seen = Set<Int>(), out = Set<Term>()
        var stack = [a]
        while let x = stack.popLast() {
            if !seen.insert(x).inserted { continue }
            if let t = term(x) { out.insert(t) } else { stack.append(contentsOf: children(x)) }
        }
        return out
    }

    // MARK: Kleene logic on value terms

    static func truth(_ t: Term) -> Truth {
        if case .value(let v) = t { return Truth(v) }
        return .unknown
    }

    lazy var opAnd = newOp()
    lazy var opOr = newOp()
    lazy var opNot = newOp()
    lazy var opCertain = newOp()

    /// The three truth values, interned first (see `init`).
    public let yes = -1, no = -2, unknown = -3

    public func and(_ a: Int, _ b: Int) -> Int {
        if a == no || b == no { return no }
        if a == yes { return b }
        if b == yes { return a }
        return apply(a, b, op: opAnd) { .value((DiagramStore.truth($0) && DiagramStore.truth($1)).value) }
    }
    public func or(_ a: Int, _ b: Int) -> Int {
        if a == yes || b == yes { return yes }
        if a == no { return b }
        if b == no { return a }
        return apply(a, b, op: opOr) { .value((DiagramStore.truth($0) || DiagramStore.truth($1)).value) }
    }
    public func not(_ a: Int) -> Int {
        map(a, op: opNot) { .value((!DiagramStore.truth($0)).value) }
    }
}

extension Space {
    /// The bands of a variable: for numbers, each threshold inside its range as a point and
    /// the gaps between them; for others, one band per value.
    public func bands(_ v: Int) -> [Interval] {
        switch vars[v].full {
        case .mask(let m):
            return (0..<(64 - m.leadingZeroBitCount)).map { Interval.point(Rational($0)) }
        case .interval(let iv):
            if iv.isEmpty { return [] }
            if iv.isPoint { return [iv] }
            let integer = isInteger(v)
            let cuts = thresholds[v].filter { iv.contains($0) && (!integer || $0.isInteger) || (integer && iv.contains($0)) }.sorted()
            var out: [Interval] = []
            var lo = iv.lo, loOpen = iv.loOpen
            for t in cuts {
                var gap = Interval(lo: lo, loOpen: loOpen, hi: t, hiOpen: true)
                if integer { gap = gap.integral() }
                if !gap.isEmpty { out.append(gap) }
                if !integer || t.isInteger { out.append(.point(t)); lo = t; loOpen = true }
                else { lo = t; loOpen = true }
            }
            var last = Interval(lo: lo, loOpen: loOpen, hi: iv.hi, hiOpen: iv.hiOpen)
            if integer { last = last.integral() }
            if !last.isEmpty { out.append(last) }
            return out
        }
    }
}
