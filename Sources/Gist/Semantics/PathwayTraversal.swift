/// Walks over the pathway IR (`PathNode`), once, for every pass that reads it: the engines,
/// the analyses, coverage, explanations.
///
/// The meaning of the pathway's structure lives in `walk`, and only there: a `when` body is
/// reached where the path so far and its condition hold; a `first` alternative where the path
/// holds, every earlier alternative fails and its own condition holds; `otherwise` where the
/// path holds and every alternative fails; a `recommend` makes its codes under the condition
/// that reaches it. `walk` computes that in any algebra of conditions (`PathwayWalker`: Kleene
/// truth values for one case, decision diagrams for all cases) and tells the walker, through
/// its hooks, what it meets. The tree evaluator (`Evaluator.Walk`), `fold` (the diagram
/// compiler's), `forEachBranch` and `forEachRecommend` are walkers. The compiled machine runs a
/// flattened copy of the pathway (`CompiledProgram.place`, `CompiledMachine.walk`) for speed;
/// the conformance corpus (`Tests/Conformance/pathway/`) pins it to this walk, and
/// `ConformancePathwayTests` does not compile until a new kind of node is listed there.

/// One condition on the path to a statement: a branch's condition, or — `negated` — the
/// condition of an earlier `first` alternative, which must fail.
public struct PathStep: Sendable {
    public let branch: Branch
    public let negated: Bool
}

/// How the walk meets a branch (`when`, `first` alternative, `otherwise`).
public struct BranchVisit<Condition> {
    public let branch: Branch
    /// Under which the walk arrives at the branch: the path so far holds and, for a `first`
    /// alternative, every earlier alternative failed (for `otherwise`: the path so far only).
    public let arrival: Condition
    /// The branch's own test: its condition; for `otherwise`, that every alternative failed.
    public let test: Condition
    /// Under which its body runs: `arrival` and `test`.
    public let reach: Condition
}

/// An algebra of path conditions and what to do with what the walk meets. Every hook but
/// `test` and `recommend` does nothing unless the walker says otherwise.
public protocol PathwayWalker {
    associatedtype Condition
    /// The condition that always holds (the pathway's start).
    var always: Condition { get }
    func and(_ a: Condition, _ b: Condition) -> Condition
    func not(_ a: Condition) -> Condition
    /// True when a condition can never hold: the walk does not enter a body under it.
    func isNever(_ c: Condition) -> Bool

    /// A branch's condition. When `arrival` is never the result does not matter (the branch's
    /// reach and everything after it in its `first` are never whatever it is), so a walker may
    /// skip evaluating it.
    mutating func test(_ condition: IR, of branch: Branch, arrival: Condition) -> Condition
    /// Every branch of a walked body, in source order, whether or not its body is entered.
    mutating func arrive(_ visit: BranchVisit<Condition>)
    /// A branch whose reach is not never, before and after its body is walked.
    mutating func enter(_ visit: BranchVisit<Condition>)
    mutating func leave(_ visit: BranchVisit<Condition>)
    /// A `first` alternative whose failure the rest of its `first` (later alternatives,
    /// `otherwise`) is walked under: it is on their path, negated, until `leaveFirst`.
    mutating func failed(_ visit: BranchVisit<Condition>)
    /// The end of a `first`, with how many of its alternatives were reported `failed`.
    mutating func leaveFirst(failed: Int)
    /// A `recommend` statement of a walked body, with the condition that reaches it.
    mutating func recommend(_ codes: [Int], _ range: SourceRange, reach: Condition)
}

extension PathwayWalker {
    public mutating func arrive(_ visit: BranchVisit<Condition>) {}
    public mutating func enter(_ visit: BranchVisit<Condition>) {}
    public mutating func leave(_ visit: BranchVisit<Condition>) {}
    public mutating func failed(_ visit: BranchVisit<Condition>) {}
    public mutating func leaveFirst(failed: Int) {}
}

extension Array where Element == PathNode {
    /// The pathway walked from `reach` (the walker's `always`, or a narrower start).
    public func walk<W: PathwayWalker>(_ walker: inout W, reach: W.Condition) {
        for node in self {
            switch node {
            case .when(let b, let body):
                let test = b.condition.map { walker.test($0, of: b, arrival: reach) } ?? walker.always
                Self.branch(BranchVisit(branch: b, arrival: reach, test: test, reach: walker.and(reach, test)), body, &walker)
            case .first(let alternatives, let otherwise):
                // `prior`: every earlier alternative failed.
                var prior = walker.always
                var failed = 0
                for (b, body) in alternatives {
                    let arrival = walker.and(reach, prior)
                    let test = b.condition.map { walker.test($0, of: b, arrival: arrival) } ?? walker.always
                    let visit = BranchVisit(branch: b, arrival: arrival, test: test, reach: walker.and(arrival, test))
                    Self.branch(visit, body, &walker)
                    prior = walker.and(prior, walker.not(test))
                    if !walker.isNever(prior) {
                        walker.failed(visit)
                        failed += 1
                    }
                }
                if let (b, body) = otherwise {
                    Self.branch(BranchVisit(branch: b, arrival: reach, test: prior, reach: walker.and(reach, prior)), body, &walker)
                }
                walker.leaveFirst(failed: failed)
            case .recommend(let codes, let range):
                walker.recommend(codes, range, reach: reach)
            }
        }
    }

    private static func branch<W: PathwayWalker>(_ visit: BranchVisit<W.Condition>, _ body: [PathNode], _ walker: inout W) {
        walker.arrive(visit)
        guard !walker.isNever(visit.reach) else { return }
        walker.enter(visit)
        body.walk(&walker, reach: visit.reach)
        walker.leave(visit)
    }

    /// Every branch (`when`, `first` alternative, `otherwise`) in source order.
    public func forEachBranch(_ visit: (Branch) -> Void) {
        withoutActuallyEscaping(visit) { visit in
            var w = StructureWalker(onBranch: visit)
            walk(&w, reach: ())
        }
    }

    /// Every condition the pathway tests, in source order.
    public func forEachCondition(_ visit: (IR) -> Void) {
        forEachBranch { b in if let c = b.condition { visit(c) } }
    }

    /// Every `recommend` statement, in source order, with the steps of the path to it.
    public func forEachRecommend(_ visit: (_ codes: [Int], _ range: SourceRange, _ path: [PathStep]) -> Void) {
        withoutActuallyEscaping(visit) { visit in
            var w = StructureWalker(onRecommend: visit)
            walk(&w, reach: ())
        }
    }

    /// The pathway folded in `algebra`: `enter` sees each branch of a walked body with the
    /// condition under which its body runs (a branch that can never be entered is still seen,
    /// with a never condition; its body is skipped), `recommend` each reachable `recommend`
    /// statement with the condition under which it is reached. `condition` gives a branch's
    /// own condition, just before `enter` sees the branch (`otherwise` has none).
    public func fold<C>(_ algebra: PathAlgebra<C>, reach: C, condition: (IR) -> C,
                        enter: (Branch, C) -> Void, recommend: ([Int], SourceRange, C) -> Void) {
        withoutActuallyEscaping(condition) { condition in
            withoutActuallyEscaping(enter) { enter in
                withoutActuallyEscaping(recommend) { recommend in
                    var w = AlgebraWalker(algebra: algebra, condition: condition, onEnter: enter, onRecommend: recommend)
                    walk(&w, reach: reach)
                }
            }
        }
    }
}

/// The operations `fold` needs on path conditions.
public struct PathAlgebra<Condition> {
    /// The condition that always holds (the pathway's start).
    public var always: Condition
    public var and: (Condition, Condition) -> Condition
    public var not: (Condition) -> Condition
    /// True when a condition can never hold: the walk skips what lies under it.
    public var isNever: (Condition) -> Bool

    public init(always: Condition, and: @escaping (Condition, Condition) -> Condition,
                not: @escaping (Condition) -> Condition, isNever: @escaping (Condition) -> Bool) {
        self.always = always
        self.and = and
        self.not = not
        self.isNever = isNever
    }
}

/// `fold`'s walker: an algebra given as closures, every condition evaluated.
private struct AlgebraWalker<C>: PathwayWalker {
    let algebra: PathAlgebra<C>
    let condition: (IR) -> C
    let onEnter: (Branch, C) -> Void
    let onRecommend: ([Int], SourceRange, C) -> Void

    var always: C { algebra.always }
    func and(_ a: C, _ b: C) -> C { algebra.and(a, b) }
    func not(_ a: C) -> C { algebra.not(a) }
    func isNever(_ c: C) -> Bool { algebra.isNever(c) }
    func test(_ c: IR, of branch: Branch, arrival: C) -> C { condition(c) }
    func arrive(_ visit: BranchVisit<C>) { onEnter(visit.branch, visit.reach) }
    func recommend(_ codes: [Int], _ range: SourceRange, reach: C) { onRecommend(codes, range, reach) }
}

/// The walk of the pathway's structure alone: every condition may hold or fail, so every body
/// is walked and every alternative is on the path of the later ones, negated.
private struct StructureWalker: PathwayWalker {
    var onBranch: ((Branch) -> Void)? = nil
    var onRecommend: (([Int], SourceRange, [PathStep]) -> Void)? = nil
    var path: [PathStep] = []

    var always: Void { () }
    func and(_ a: Void, _ b: Void) {}
    func not(_ a: Void) {}
    func isNever(_ c: Void) -> Bool { false }
    func test(_ c: IR, of branch: Branch, arrival: Void) {}
    func arrive(_ visit: BranchVisit<Void>) { onBranch?(visit.branch) }
    mutating func enter(_ visit: BranchVisit<Void>) {
        // `otherwise` (no condition) is not a step: the failed alternatives before it are.
        if visit.branch.condition != nil { path.append(PathStep(branch: visit.branch, negated: false)) }
    }
    mutating func leave(_ visit: BranchVisit<Void>) {
        if visit.branch.condition != nil { path.removeLast() }
    }
    mutating func failed(_ visit: BranchVisit<Void>) {
        path.append(PathStep(branch: visit.branch, negated: true))
    }
    mutating func leaveFirst(failed: Int) {
        path.removeLast(failed)
    }
    func recommend(_ codes: [Int], _ range: SourceRange, reach: Void) { onRecommend?(codes, range, path) }
}

extension Program {
    /// Every expression the program evaluates: let values, table columns, then the pathway's
    /// conditions in source order.
    public func forEachExpression(_ visit: (IR) -> Void) {
        for d in derived { if case .letValue(let ir) = d.kind { visit(ir) } }
        for t in tables { t.columns.forEach(visit) }
        pathway.forEachCondition(visit)
    }
}
