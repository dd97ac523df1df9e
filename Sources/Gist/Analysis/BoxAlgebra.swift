/// Intersection and difference of boxes, to overlay per-code results into disjoint regions.
extension Space {
    func isInteger(_ v: Int) -> Bool {
        if case .numeric(true, _, _) = vars[v].kind { return true }
        return false
    }

    public func intersect(_ a: Box, _ b: Box) -> Box? {
        var out = a
        for v in a.domains.indices {
            switch (a.domains[v], b.domains[v]) {
            case let (.interval(x), .interval(y)):
                var i = x.intersect(y)
                if isInteger(v) { i = i.integral() }
                if i.isEmpty { return nil }
                out.domains[v] = .interval(i)
            case let (.mask(x), .mask(y)):
                if x & y == 0 { return nil }
                out.domains[v] = .mask(x & y)
            default: return nil
            }
        }
        return out
    }

    /// `a` minus `b` as disjoint boxes.
    public func subtract(_ a: Box, _ b: Box) -> [Box] {
        guard intersect(a, b) != nil else { return [a] }
        var out: [Box] = []
        var rest = a
        for v in a.domains.indices {
            switch (rest.domains[v], b.domains[v]) {
            case let (.interval(x), .interval(y)):
                let below = x.intersect(Interval(lo: -.infinity, loOpen: true, hi: y.lo, hiOpen: !y.loOpen))
                let above = x.intersect(Interval(lo: y.hi, loOpen: !y.hiOpen, hi: .infinity, hiOpen: true))
                for var part in [below, above] {
                    if isInteger(v) { part = part.integral() }
                    if part.isEmpty { continue }
                    var p = rest
                    p.domains[v] = .interval(part)
                    out.append(p)
                }
                var inside = x.intersect(y)
                if isInteger(v) { inside = inside.integral() }
                rest.domains[v] = .interval(inside)
            case let (.mask(x), .mask(y)):
                if x & ~y != 0 {
                    var p = rest
                    p.domains[v] = .mask(x & ~y)
                    out.append(p)
                }
                rest.domains[v] = .mask(x & y)
            default: break
            }
        }
        return out
    }
}
