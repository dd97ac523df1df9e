/// Multi-valued decision diagrams over the input space: the analyses' shared machinery.
///
/// A diagram is a DAG whose inner nodes test one variable — a numeric input's band between
/// thresholds, an enum input's member, a bool, or one member of a set input — and whose
/// leaves are terms (values, statuses, change labels). Nodes are hash-consed, so equal
/// functions are equal ids: identical parts of two guidelines cancel without being
/// enumerated. This is what makes exact diff, gap and overlap checks fast.
public final class DiagramStore {
    public enum Term: Hashable, Sendable {
        case value(Value)
        case status(UInt8)
        /// A sorted list of labels (a diff's changes at a point).
        case labels([String])
        /// Intermediate state of a `unique`/`collect` table fold.
        case table(count: Int, output: Value?, maybe: [Value])
    }

    struct Node: Hashable {
        let level: Int
        let children: [Int]
    }

    public let space: Space
    /// Variable tested at each level, and each variable's level.
    public let order: [Int]
    let levelOf: [Int]
    /// Per variable: its bands (numeric: intervals between thresholds; others: one per value).
    public let bands: [[Interval]]
    public let bandCount: [Int]

    var nodes: [Node] = []
    var unique: [Node: Int] = [:]
    var terms: [Term] = []
    var termIndex: [Term: Int] = [:]
    struct MemoKey: Hashable { let op: Int; let a: Int; let b: Int; let c: Int }
    var memo: [MemoKey: Int] = [:]
    var nextOp = 0
    /// Set when a condition fell outside the analysable fragment.
    public var approximate = false
    /// The most nodes an analysis may build; past it the analysis stops and says so rather
    /// than exhausting memory.
    public var nodeLimit = 4_000_000
    /// Set when `nodeLimit` was reached: results are incomplete and must not be trusted.
    public private(set) var exceeded = false

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
    }

    public func newOp() -> Int { nextOp += 1; return nextOp }

    public func terminal(_ t: Term) -> Int {
        if let i = termIndex[t] { return -1 - i }
        terms.append(t)
        termIndex[t] = terms.count - 1
        return -terms.count
    }

    public func term(_ id: Int) -> Term? { id < 0 ? terms[-1 - id] : nil }
    func level(_ id: Int) -> Int { id < 0 ? Int.max : nodes[id].level }
    func child(_ id: Int, _ level: Int, _ band: Int) -> Int {
        if id < 0 { return id }
        let n = nodes[id]
        return n.level == level ? n.children[band] : id
    }

    func mk(_ level: Int, _ children: [Int]) -> Int {
        guard let first = children.first, children.contains(where: { $0 != first }) else { return children.first ?? terminal(.value(.unknown)) }
        let n = Node(level: level, children: children)
        if let i = unique[n] { return i }
        if nodes.count >= nodeLimit {
            exceeded = true
            return terminal(.value(.unknown))
        }
        nodes.append(n)
        unique[n] = nodes.count - 1
        return nodes.count - 1
    }

    /// A diagram testing variable `v` whose value on band `i` is `leaf(i)`.
    public func test(_ v: Int, _ leaf: (Int) -> Int) -> Int {
        mk(levelOf[v], (0..<bandCount[v]).map(leaf))
    }

    // MARK: operations

    public func map(_ a: Int, op: Int, _ f: (Term) -> Term) -> Int {
        if let t = term(a) { return terminal(f(t)) }
        let key = MemoKey(op: op, a: a, b: 0, c: 0)
        if let r = memo[key] { return r }
        let n = nodes[a]
        let r = mk(n.level, n.children.map { map($0, op: op, f) })
        memo[key] = r
        return r
    }

    public func apply(_ a: Int, _ b: Int, op: Int, _ f: (Term, Term) -> Term) -> Int {
        if let x = term(a), let y = term(b) { return terminal(f(x, y)) }
        let key = MemoKey(op: op, a: a, b: b, c: Int.min)
        if let r = memo[key] { return r }
        let l = min(level(a), level(b))
        let count = bandCount[order[l]]
        var children: [Int] = []
        children.reserveCapacity(count)
        for i in 0..<count { children.append(apply(child(a, l, i), child(b, l, i), op: op, f)) }
        let r = mk(l, children)
        memo[key] = r
        return r
    }

    public func apply3(_ a: Int, _ b: Int, _ c: Int, op: Int, _ f: (Term, Term, Term) -> Term) -> Int {
        if let x = term(a), let y = term(b), let z = term(c) { return terminal(f(x, y, z)) }
        let key = MemoKey(op: op, a: a, b: b, c: c)
        if let r = memo[key] { return r }
        let l = min(level(a), level(b), level(c))
        let count = bandCount[order[l]]
        var children: [Int] = []
        for i in 0..<count { children.append(apply3(child(a, l, i), child(b, l, i), child(c, l, i), op: op, f)) }
        let r = mk(l, children)
        memo[key] = r
        return r
    }

    /// The distinct terms a diagram can reach.
    public func leaves(_ a: Int) -> Set<Term> {
        var seen = Set<Int>(), out = Set<Term>()
        var stack = [a]
        while let x = stack.popLast() {
            if !seen.insert(x).inserted { continue }
            if let t = term(x) { out.insert(t) } else { stack.append(contentsOf: nodes[x].children) }
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

    public var yes: Int { terminal(.value(.bool(true))) }
    public var no: Int { terminal(.value(.bool(false))) }
    public var unknown: Int { terminal(.value(.unknown)) }

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

    // MARK: regions

    /// Every path to a leaf accepted by `keep`, as boxes (a numeric variable whose bands on the
    /// path are not contiguous gives one box per run). Variables off the path keep their
    /// whole domain.
    public func boxes(_ root: Int, keep: (Term) -> Bool) -> [(box: Box, term: Term)] {
        var out: [(Box, Term)] = []
        var current: [UInt64] = space.vars.indices.map { bandCount[$0] >= 64 ? ~0 : (1 << UInt64(bandCount[$0])) - 1 }
        func visit(_ id: Int) {
            if let t = term(id) {
                if keep(t) { for b in toBoxes(current) { out.append((b, t)) } }
                return
            }
            let n = nodes[id]
            let v = order[n.level]
            let saved = current[v]
            var groups: [Int: UInt64] = [:]
            var groupOrder: [Int] = []
            for (i, c) in n.children.enumerated() where saved & (1 << UInt64(i)) != 0 {
                if groups[c] == nil { groupOrder.append(c) }
                groups[c, default: 0] |= 1 << UInt64(i)
            }
            for c in groupOrder {
                current[v] = groups[c] ?? 0
                visit(c)
            }
            current[v] = saved
        }
        visit(root)
        return out
    }

    /// Band sets per variable to boxes.
    func toBoxes(_ sets: [UInt64]) -> [Box] {
        var domains: [Domain] = []
        domains.reserveCapacity(sets.count)
        var splits: [(v: Int, runs: [Domain])] = []
        for v in space.vars.indices {
            let s = sets[v]
            switch space.vars[v].full {
            case .mask:
                domains.append(.mask(s))
            case .interval:
                // Contiguous runs of bands; more than one run means more than one box.
                var runs: [Domain] = []
                var i = 0
                let n = bandCount[v]
                while i < n {
                    if s & (1 << UInt64(i)) == 0 { i += 1; continue }
                    var j = i
                    while j + 1 < n, s & (1 << UInt64(j + 1)) != 0 { j += 1 }
                    let a = bands[v][i], b = bands[v][j]
                    runs.append(.interval(Interval(lo: a.lo, loOpen: a.loOpen, hi: b.hi, hiOpen: b.hiOpen)))
                    i = j + 1
                }
                domains.append(runs.first ?? .interval(Interval(lo: 1, loOpen: true, hi: 0, hiOpen: true)))
                if runs.count > 1 { splits.append((v, runs)) }
            }
        }
        var result = [Box(domains: domains)]
        for (v, runs) in splits {
            var next: [Box] = []
            for r in result {
                for d in runs {
                    var b = r
                    b.domains[v] = d
                    next.append(b)
                }
            }
            result = next
        }
        return result
    }

    /// One path to a leaf accepted by `keep` (a witness), or nil.
    public func anyBox(_ root: Int, keep: (Term) -> Bool) -> Box? {
        var current: [UInt64] = space.vars.indices.map { bandCount[$0] >= 64 ? ~0 : (1 << UInt64(bandCount[$0])) - 1 }
        var failed = Set<Int>()
        func visit(_ id: Int) -> Bool {
            if let t = term(id) { return keep(t) }
            if failed.contains(id) { return false }
            let n = nodes[id]
            let v = order[n.level]
            let saved = current[v]
            for (i, c) in n.children.enumerated() where saved & (1 << UInt64(i)) != 0 {
                current[v] = 1 << UInt64(i)
                if visit(c) { return true }
            }
            current[v] = saved
            failed.insert(id)
            return false
        }
        guard visit(root) else { return nil }
        return toBoxes(current).first
    }
}

extension Space {
    /// The bands of a variable: for numbers, each threshold inside its range as a point and
    /// the gaps between them; for others, one band per value.
    public func bands(_ v: Int) -> [Interval] {
        switch vars[v].full {
        case .mask(let m):
            return (0..<(64 - m.leadingZeroBitCount)).map { Interval.point(Double($0)) }
        case .interval(let iv):
            if iv.isEmpty { return [] }
            if iv.isPoint { return [iv] }
            let integer = isInteger(v)
            let cuts = thresholds[v].filter { iv.contains($0) && (!integer || $0 == $0.rounded()) || (integer && iv.contains($0)) }.sorted()
            var out: [Interval] = []
            var lo = iv.lo, loOpen = iv.loOpen
            for t in cuts {
                var gap = Interval(lo: lo, loOpen: loOpen, hi: t, hiOpen: true)
                if integer { gap = gap.integral() }
                if !gap.isEmpty { out.append(gap) }
                if !integer || t == t.rounded() { out.append(.point(t)); lo = t; loOpen = true }
                else { lo = t; loOpen = true }
            }
            var last = Interval(lo: lo, loOpen: loOpen, hi: iv.hi, hiOpen: iv.hiOpen)
            if integer { last = last.integral() }
            if !last.isEmpty { out.append(last) }
            return out
        }
    }
}

extension DiagramStore {
    /// A cube: band sets for the variables it constrains (others are free).
    public typealias Cube = [(v: Int, bands: UInt64)]

    /// Disjoint cubes whose union is where a bool diagram is true. At each node, the part
    /// common to every non-false branch is emitted once without constraining the node's
    /// variable, and only the rest per branch — so regions that do not depend on a variable
    /// are not cut by it. Memoised per node, so shared sub-diagrams are covered once.
    public func cover(_ f: Int) -> [Cube] {
        var memo: [Int: [Cube]] = [:]
        let opCommon = newOp()
        func go(_ f: Int) -> [Cube] {
            if f == yes { return [[]] }
            if term(f) != nil { return [] }
            if let m = memo[f] { return m }
            let n = nodes[f]
            let v = order[n.level]
            var groups: [Int: UInt64] = [:]
            var groupOrder: [Int] = []
            for (i, c) in n.children.enumerated() where c != no && term(c) != term(no) {
                if groups[c] == nil { groupOrder.append(c) }
                groups[c, default: 0] |= 1 << UInt64(i)
            }
            var out: [Cube] = []
            var common = yes
            if groupOrder.count > 1 {
                for g in groupOrder { common = and(common, g) }
            } else {
                common = no
            }
            if common != no {
                let all = groupOrder.reduce(UInt64(0)) { $0 | (groups[$1] ?? 0) }
                for c in go(common) { out.append([(v, all)] + c) }
            }
            for g in groupOrder {
                let rest = common == no ? g : apply(g, common, op: opCommon) { x, y in
                    .value((DiagramStore.truth(x) && !DiagramStore.truth(y)).value)
                }
                for c in go(rest) { out.append([(v, groups[g] ?? 0)] + c) }
            }
            memo[f] = out
            return out
        }
        return go(f)
    }

    /// Cubes as boxes (a numeric variable's non-contiguous bands give one box per run).
    public func boxes(of cubes: [Cube]) -> [Box] {
        let full: [UInt64] = space.vars.indices.map { bandCount[$0] >= 64 ? ~0 : (1 << UInt64(bandCount[$0])) - 1 }
        var out: [Box] = []
        for cube in cubes {
            var sets = full
            for (v, b) in cube { sets[v] &= b }
            out.append(contentsOf: toBoxes(sets))
        }
        return out
    }
}

extension DiagramStore {
    /// Disjoint cubes, each with its leaf, covering where a diagram reaches a leaf other than
    /// `empty`. As in `cover`, where every non-empty branch of a node agrees on a leaf, that
    /// part is emitted once without constraining the node's variable.
    public func coverLeaves(_ f: Int, empty: Term) -> [(cube: Cube, term: Term)] {
        let emptyId = terminal(empty)
        let mixed = terminal(.labels(["\u{0}mixed"]))
        let opAgree = newOp(), opRest = newOp()
        var memo: [Int: [(Cube, Term)]] = [:]
        func go(_ f: Int) -> [(Cube, Term)] {
            if f == emptyId || f == mixed { return [] }
            if let t = term(f) { return [([], t)] }
            if let m = memo[f] { return m }
            let n = nodes[f]
            let v = order[n.level]
            var groupOrder: [Int] = []
            var groupBands: [UInt64] = []
            for (i, c) in n.children.enumerated() where c != emptyId {
                if let k = groupOrder.firstIndex(of: c) { groupBands[k] |= 1 << UInt64(i) }
                else { groupOrder.append(c); groupBands.append(1 << UInt64(i)) }
            }
            var out: [(Cube, Term)] = []
            var agree = mixed
            if groupOrder.count > 1 {
                agree = groupOrder[0]
                for g in groupOrder.dropFirst() {
                    agree = apply(agree, g, op: opAgree) { x, y in x == y ? x : .labels(["\u{0}mixed"]) }
                    if agree == mixed { break }
                }
                if agree == emptyId { agree = mixed }
            }
            if agree != mixed {
                let all = groupBands.reduce(UInt64(0), |)
                for (c, t) in go(agree) { out.append(([(v, all)] + c, t)) }
            }
            for (k, g) in groupOrder.enumerated() {
                let rest = agree == mixed ? g : apply(g, agree, op: opRest) { x, y in
                    x == y && y != .labels(["\u{0}mixed"]) ? empty : x
                }
                for (c, t) in go(rest) { out.append(([(v, groupBands[k])] + c, t)) }
            }
            memo[f] = out
            return out
        }
        return go(f)
    }
}
