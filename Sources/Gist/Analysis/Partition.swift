/// Splits a box until a classifier decides every part, the way decision diagrams are built:
/// a box is split only on what the classifier says it depends on there.
public struct Partition<Key: Hashable> {
    public var leaves: [(box: Box, key: Key)] = []
    /// How many boxes were examined.
    public var examined = 0
    /// Set when the bound on boxes was reached; the result is then incomplete.
    public var exceeded = false

    public enum Verdict {
        case leaf(Key)
        case split(Split)
    }

    /// Partitions `root`; stops (and sets `exceeded`) after `limit` boxes.
    public init(space: Space, root: Box, limit: Int = 5_000_000, classify: (Box) -> Verdict) {
        var stack = [root]
        while let box = stack.popLast() {
            examined += 1
            if examined > limit { exceeded = true; return }
            switch classify(box) {
            case .leaf(let k): leaves.append((box, k))
            case .split(let s):
                let parts = Partition.apply(s, to: box, space: space)
                // A split that does not divide the box would loop: treat it as decided-unknown.
                if parts.count < 2 { exceeded = true; return }
                stack.append(contentsOf: parts.reversed())
            }
        }
    }

    /// The parts of a box after a split, without empty ones, in value order.
    public static func apply(_ s: Split, to box: Box, space: Space) -> [Box] {
        let v = s.variable
        var out: [Box] = []
        switch (s, box.domains[v]) {
        case let (.numeric(_, op, x), .interval(iv)):
            var integer = false
            if case .numeric(true, _, _) = space.vars[v].kind { integer = true }
            let pieces: [Interval]
            switch op {
            case .lt, .ge:
                pieces = [Interval(lo: -.infinity, loOpen: true, hi: x, hiOpen: true), Interval(lo: x, loOpen: false, hi: .infinity, hiOpen: true)]
            case .le, .gt:
                pieces = [Interval(lo: -.infinity, loOpen: true, hi: x, hiOpen: false), Interval(lo: x, loOpen: true, hi: .infinity, hiOpen: true)]
            case .eq, .ne:
                pieces = [Interval(lo: -.infinity, loOpen: true, hi: x, hiOpen: true), .point(x), Interval(lo: x, loOpen: true, hi: .infinity, hiOpen: true)]
            }
            for p in pieces {
                var part = iv.intersect(p)
                if integer { part = part.integral() }
                if part.isEmpty { continue }
                var b = box
                b.domains[v] = .interval(part)
                out.append(b)
            }
        case let (.mask(_, keep), .mask(m)):
            for part in [m & keep, m & ~keep] where part != 0 {
                var b = box
                b.domains[v] = .mask(part)
                out.append(b)
            }
        default: break
        }
        return out
    }
}
