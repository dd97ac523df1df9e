import CZ3

/// An atom that is linear in whole numbers only (`today - surgery_date < 182.625 days`,
/// `m + n >= 7`), encoded as a comparison of integers: `x - y < 182.625` is `x - y <= 182`.
/// Over the reals Z3 may branch without end on such a comparison — nothing bounds the dates,
/// and `182 < x - y < 183` has a real solution for every x — so a check that is plainly
/// impossible for whole days ran into the time limit and left the analysis approximate.
extension SpaceEncoding {
    /// A linear term: a rational coefficient per variable, and a constant.
    struct Linear {
        var coefficients: [Int: Rational] = [:]
        var constant: Rational = .zero

        func scaled(by k: Rational) -> Linear? {
            var out = Linear()
            guard let c = constant.multiplied(by: k) else { return nil }
            out.constant = c
            for (v, a) in coefficients {
                guard let b = a.multiplied(by: k) else { return nil }
                out.coefficients[v] = b
            }
            return out
        }

        func adding(_ o: Linear) -> Linear? {
            var out = self
            guard let c = constant.adding(o.constant) else { return nil }
            out.constant = c
            for (v, a) in o.coefficients {
                guard let b = (out.coefficients[v] ?? .zero).adding(a) else { return nil }
                out.coefficients[v] = b
            }
            return out
        }
    }

    /// `t` as a linear term over whole-number variables; nil when it reads another variable,
    /// multiplies two variables, divides by one, or chooses (`if`).
    func linear(_ t: ArithTerm) -> Linear? {
        switch t {
        case .number(let x): return Linear(constant: x)
        case .variable(let v): return v < integers.count && integers[v] != nil ? Linear(coefficients: [v: .one]) : nil
        case .negate(let a): return linear(a)?.scaled(by: Rational(-1))
        case .arith(let op, let a, let b):
            guard let x = linear(a), let y = linear(b) else { return nil }
            switch op {
            case .add: return x.adding(y)
            case .sub: return y.scaled(by: Rational(-1)).flatMap(x.adding)
            case .mul:
                if y.coefficients.isEmpty { return x.scaled(by: y.constant) }
                return x.coefficients.isEmpty ? y.scaled(by: x.constant) : nil
            case .div:
                guard y.coefficients.isEmpty, !y.constant.isZero, let k = Rational.one.divided(by: y.constant) else { return nil }
                return x.scaled(by: k)
            }
        case .ite: return nil
        }
    }

    /// The atom as a comparison of integers, or nil when it is not linear in whole numbers
    /// (or a number overflows): `lhs - rhs`, scaled to whole coefficients, is `Σ aᵢxᵢ + d`, and
    /// `Σ aᵢxᵢ < -d` holds exactly when `Σ aᵢxᵢ <= ⌈-d⌉ - 1`; `Σ aᵢxᵢ == -d` never holds when
    /// `-d` is not whole.
    func wholeNumberComparison(_ atom: Atom) -> Z3_ast? {
        guard let l = linear(atom.lhs), let r = linear(atom.rhs).flatMap({ $0.scaled(by: Rational(-1)) }),
              let difference = l.adding(r) else { return nil }
        let terms = difference.coefficients.filter { !$0.value.isZero }.sorted { $0.key < $1.key }
        guard !terms.isEmpty else { return nil }
        // The least common multiple of the denominators makes every coefficient whole.
        var scale: Int64 = 1
        for (_, a) in terms {
            let g = gcd(scale, a.denominator)
            let (m, overflow) = (scale / g).multipliedReportingOverflow(by: a.denominator)
            guard !overflow else { return nil }
            scale = m
        }
        guard let k = Rational(scale, 1),
              let whole = Linear(coefficients: Dictionary(uniqueKeysWithValues: terms), constant: difference.constant).scaled(by: k),
              let bound = whole.constant.negated.ceiling.subtracting(.one) else { return nil }
        var sum: [Z3_ast] = []
        for (v, _) in terms {
            guard let a = whole.coefficients[v], let x = integers[v] else { return nil }
            sum.append(a == .one ? x : solver.mul(solver.integerNumber(a.numerator), x))
        }
        let lhs = sum.count == 1 ? sum[0] : sum.dropFirst().reduce(sum[0]) { solver.add($0, $1) }
        switch atom.op {
        case .lt: return solver.le(lhs, solver.integerNumber(bound.numerator))
        case .eq: return whole.constant.isInteger ? solver.eq(lhs, solver.integerNumber(whole.constant.negated.numerator)) : solver.no
        default: return nil
        }
    }

    private func gcd(_ a: Int64, _ b: Int64) -> Int64 {
        var (x, y) = (a.magnitude, b.magnitude)
        while y != 0 { (x, y) = (y, x % y) }
        return Int64(x)
    }
}
