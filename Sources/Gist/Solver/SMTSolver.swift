import CZ3

/// Z3 through its C API: one context and one incremental solver, for the analyses' conditions
/// outside the band fragment (arithmetic on inputs, inputs compared with each other).
///
/// The context is not reference-counted (`Z3_mk_context`): terms live as long as it does, and
/// one solver serves one analysis. Errors never end the process: the handler is cleared, so a
/// failed call leaves an error code, and every result the solver cannot give is `.unknown`.
final class SMTSolver {
    enum Result { case sat, unsat, unknown }

    let ctx: Z3_context
    let solver: Z3_solver
    let realSort: Z3_sort
    /// Checks made, for the analysis statistics and tests.
    private(set) var checks = 0

    /// `timeout`: the most milliseconds one check may take before it answers unknown.
    init?(timeoutMilliseconds timeout: UInt32 = 2000) {
        guard let cfg = Z3_mk_config() else { return nil }
        Z3_set_param_value(cfg, "model", "true")
        guard let ctx = Z3_mk_context(cfg) else { Z3_del_config(cfg); return nil }
        Z3_del_config(cfg)
        Z3_set_error_handler(ctx, nil)
        guard let solver = Z3_mk_solver(ctx) else { Z3_del_context(ctx); return nil }
        Z3_solver_inc_ref(ctx, solver)
        let params = Z3_mk_params(ctx)
        Z3_params_inc_ref(ctx, params)
        Z3_params_set_uint(ctx, params, Z3_mk_string_symbol(ctx, "timeout"), timeout)
        Z3_solver_set_params(ctx, solver, params)
        Z3_params_dec_ref(ctx, params)
        self.ctx = ctx
        self.solver = solver
        self.realSort = Z3_mk_real_sort(ctx)
    }

    deinit {
        Z3_solver_dec_ref(ctx, solver)
        Z3_del_context(ctx)
    }

    // MARK: terms

    func real(_ name: String) -> Z3_ast { Z3_mk_const(ctx, Z3_mk_string_symbol(ctx, name), realSort) }
    /// An integer constant (`toReal` makes it a term of the real arithmetic).
    func integer(_ name: String) -> Z3_ast { Z3_mk_const(ctx, Z3_mk_string_symbol(ctx, name), Z3_mk_int_sort(ctx)) }
    func toReal(_ a: Z3_ast) -> Z3_ast { Z3_mk_int2real(ctx, a) }
    func integerNumber(_ n: Int64) -> Z3_ast { Z3_mk_numeral(ctx, String(n), Z3_mk_int_sort(ctx)) }
    func boolean(_ name: String) -> Z3_ast { Z3_mk_const(ctx, Z3_mk_string_symbol(ctx, name), Z3_mk_bool_sort(ctx)) }

    /// An exact number, as the fraction `n/d` Z3 reads.
    func number(_ x: Rational) -> Z3_ast {
        Z3_mk_numeral(ctx, x.isInteger ? String(x.numerator) : "\(x.numerator)/\(x.denominator)", realSort)
    }
    func number(_ n: Int) -> Z3_ast { number(Rational(n)) }

    func add(_ a: Z3_ast, _ b: Z3_ast) -> Z3_ast { [a, b].withUnsafeBufferPointer { Z3_mk_add(ctx, 2, $0.baseAddress) } }
    func sub(_ a: Z3_ast, _ b: Z3_ast) -> Z3_ast { [a, b].withUnsafeBufferPointer { Z3_mk_sub(ctx, 2, $0.baseAddress) } }
    func mul(_ a: Z3_ast, _ b: Z3_ast) -> Z3_ast { [a, b].withUnsafeBufferPointer { Z3_mk_mul(ctx, 2, $0.baseAddress) } }
    func div(_ a: Z3_ast, _ b: Z3_ast) -> Z3_ast { Z3_mk_div(ctx, a, b) }
    func negate(_ a: Z3_ast) -> Z3_ast { Z3_mk_unary_minus(ctx, a) }
    func ite(_ c: Z3_ast, _ a: Z3_ast, _ b: Z3_ast) -> Z3_ast { Z3_mk_ite(ctx, c, a, b) }

    func lt(_ a: Z3_ast, _ b: Z3_ast) -> Z3_ast { Z3_mk_lt(ctx, a, b) }
    func le(_ a: Z3_ast, _ b: Z3_ast) -> Z3_ast { Z3_mk_le(ctx, a, b) }
    func gt(_ a: Z3_ast, _ b: Z3_ast) -> Z3_ast { Z3_mk_gt(ctx, a, b) }
    func ge(_ a: Z3_ast, _ b: Z3_ast) -> Z3_ast { Z3_mk_ge(ctx, a, b) }
    func eq(_ a: Z3_ast, _ b: Z3_ast) -> Z3_ast { Z3_mk_eq(ctx, a, b) }
    func isInteger(_ a: Z3_ast) -> Z3_ast { Z3_mk_is_int(ctx, a) }

    func and(_ xs: [Z3_ast]) -> Z3_ast {
        if xs.isEmpty { return Z3_mk_true(ctx) }
        if xs.count == 1 { return xs[0] }
        return xs.map { Optional($0) }.withUnsafeBufferPointer { Z3_mk_and(ctx, UInt32(xs.count), $0.baseAddress) }
    }
    func or(_ xs: [Z3_ast]) -> Z3_ast {
        if xs.isEmpty { return Z3_mk_false(ctx) }
        if xs.count == 1 { return xs[0] }
        return xs.map { Optional($0) }.withUnsafeBufferPointer { Z3_mk_or(ctx, UInt32(xs.count), $0.baseAddress) }
    }
    func not(_ a: Z3_ast) -> Z3_ast { Z3_mk_not(ctx, a) }
    var yes: Z3_ast { Z3_mk_true(ctx) }
    var no: Z3_ast { Z3_mk_false(ctx) }

    // MARK: solving

    func push() { Z3_solver_push(ctx, solver) }
    func pop() { Z3_solver_pop(ctx, solver, 1) }
    func assert(_ f: Z3_ast) { Z3_solver_assert(ctx, solver, f) }

    func check() -> Result {
        checks += 1
        switch Z3_solver_check(ctx, solver) {
        case Z3_L_TRUE: return .sat
        case Z3_L_FALSE: return .unsat
        default: return .unknown
        }
    }

    /// The values of `terms` in the model of the last satisfiable check, as decimals with
    /// `precision` places (nil where the model gives no number).
    func modelValues(_ terms: [Z3_ast], precision: UInt32 = 12) -> [Rational?] {
        inModel(terms) { v in
            guard Z3_is_numeral_ast(ctx, v) || Z3_is_algebraic_number(ctx, v) else { return nil }
            guard let s = Z3_get_numeral_decimal_string(ctx, v, precision) else { return nil }
            return Rational(decimal: String(cString: s).filter { $0 != "?" })
        }
    }

    /// Each of `terms` evaluated in the model of the last satisfiable check, read by `read`
    /// (nil where the model gives no value).
    private func inModel<T>(_ terms: [Z3_ast], _ read: (Z3_ast) -> T?) -> [T?] {
        guard let model = Z3_solver_get_model(ctx, solver) else { return terms.map { _ in nil } }
        Z3_model_inc_ref(ctx, model)
        defer { Z3_model_dec_ref(ctx, model) }
        return terms.map { t in
            var out: Z3_ast? = nil
            guard Z3_model_eval(ctx, model, t, true, &out), let v = out else { return nil }
            return read(v)
        }
    }

    /// The truth of boolean `terms` in the model of the last satisfiable check.
    func modelTruths(_ terms: [Z3_ast]) -> [Bool?] {
        inModel(terms) { v in
            switch Z3_get_bool_value(ctx, v) {
            case Z3_L_TRUE: return true
            case Z3_L_FALSE: return false
            default: return nil
            }
        }
    }
}
