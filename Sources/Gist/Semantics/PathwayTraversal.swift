/// Walks over the pathway IR (`PathNode`), once, for every pass that reads it: the engines,
/// the analyses, coverage, explanations.
///
/// The meaning of the pathway's structure lives in `fold`: a `when` body is reached where the
/// path so far and its condition hold; a `first` alternative where the path holds, every
/// earlier alternative fails and its own condition holds; `otherwise` where the path holds and
/// every alternative fails. `fold` computes that in any algebra of conditions (truth values
/// for one case, decision diagrams for all cases).

/// One condition on the path to a statement: a branch's condition, or — `negated` — the
/// condition of an earlier `first` alternative, which must fail.
public struct PathStep: Sendable {
    public let branch: Branch
    public let negated: Bool
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

extension Array where Element == PathNode {
    /// Every branch (`when`, `first` alternative, `otherwise`) in source order.
    public func forEachBranch(_ visit: (Branch) -> Void) {
        for node in self {
            switch node {
            case .when(let b, let body):
                visit(b)
                body.forEachBranch(visit)
            case .first(let alternatives, let otherwise):
                for (b, body) in alternatives {
                    visit(b)
                    body.forEachBranch(visit)
                }
                if let (b, body) = otherwise {
                    visit(b)
                    body.forEachBranch(visit)
                }
            case .recommend:
                break
            }
        }
    }

    /// Every condition the pathway tests, in source order.
    public func forEachCondition(_ visit: (IR) -> Void) {
        forEachBranch { b in if let c = b.condition { visit(c) } }
    }

    /// Every `recommend` statement, in source order, with the steps of the path to it.
    public func forEachRecommend(_ visit: (_ codes: [Int], _ range: SourceRange, _ path: [PathStep]) -> Void) {
        var path: [PathStep] = []
        recommends(&path, visit)
    }

    private func recommends(_ path: inout [PathStep], _ visit: ([Int], SourceRange, [PathStep]) -> Void) {
        for node in self {
            switch node {
            case .when(let b, let body):
                path.append(PathStep(branch: b, negated: false))
                body.recommends(&path, visit)
                path.removeLast()
            case .first(let alternatives, let otherwise):
                var failed = 0
                for (b, body) in alternatives {
                    path.append(PathStep(branch: b, negated: false))
                    body.recommends(&path, visit)
                    path.removeLast()
                    path.append(PathStep(branch: b, negated: true))
                    failed += 1
                }
                if let (_, body) = otherwise { body.recommends(&path, visit) }
                path.removeLast(failed)
            case .recommend(let codes, let range):
                visit(codes, range, path)
            }
        }
    }

    /// The pathway folded in `algebra`: `enter` sees each branch with the condition under
    /// which it is entered (a branch that can never be entered is still seen, with a never
    /// condition; its body is skipped), `recommend` each reachable `recommend` statement
    /// with the condition under which it is reached. `condition` gives a branch's own
    /// condition (nil for `otherwise`: `algebra.always`).
    public func fold<C>(_ algebra: PathAlgebra<C>, reach: C, condition: (IR) -> C,
                        enter: (Branch, C) -> Void, recommend: ([Int], SourceRange, C) -> Void) {
        func own(_ b: Branch) -> C { b.condition.map(condition) ?? algebra.always }
        for node in self {
            switch node {
            case .when(let b, let body):
                let r = algebra.and(reach, own(b))
                enter(b, r)
                if !algebra.isNever(r) { body.fold(algebra, reach: r, condition: condition, enter: enter, recommend: recommend) }
            case .first(let alternatives, let otherwise):
                // `prior`: every earlier alternative failed.
                var prior = algebra.always
                for (b, body) in alternatives {
                    let c = own(b)
                    let r = algebra.and(algebra.and(reach, prior), c)
                    enter(b, r)
                    if !algebra.isNever(r) { body.fold(algebra, reach: r, condition: condition, enter: enter, recommend: recommend) }
                    prior = algebra.and(prior, algebra.not(c))
                }
                if let (b, body) = otherwise {
                    let r = algebra.and(reach, prior)
                    enter(b, r)
                    if !algebra.isNever(r) { body.fold(algebra, reach: r, condition: condition, enter: enter, recommend: recommend) }
                }
            case .recommend(let codes, let range):
                recommend(codes, range, reach)
            }
        }
    }
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
