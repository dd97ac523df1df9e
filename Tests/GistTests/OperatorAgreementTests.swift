import Testing
@testable import Gist

/// Pins the compiled machine's instructions to the shared operators (`Operators`, which the
/// tree evaluator calls): every operator, on every kind of operand — including kinds the
/// checker would not let meet (a number against a member) and the specialised forms with a
/// constant operand (`cmpNK`, `eqMK`, `memK`) — gives the same value on both engines.
@Suite struct OperatorAgreementTests {
    static let operands: [Value] = [
        .unknown, .bool(true), .bool(false),
        .number(0), .number(2), .number(-3.5), .number(Rational(Int64.max, 1) ?? 0), .number(0.1), .number(Rational(1, 3) ?? 0),
        .member(0), .member(2), .member(70),
        .set(0), .set(0b101), .set(~0),
    ]

    /// Expressions of two inputs (slots 0 and 1), one per operator and operand form.
    static var expressions: [(String, IR)] {
        let x = IR.slot(0), y = IR.slot(1)
        var out: [(String, IR)] = [("-x", .negate(x)), ("x and y", .and(x, y)), ("x or y", .or(x, y)), ("not x", .not(x))]
        for op in [ArithOp.add, .sub, .mul, .div] { out.append(("x \(op.rawValue) y", .arith(op, x, y))) }
        for op in CompareOp.allCases {
            out.append(("x \(op.rawValue) y", .compare(op, x, y)))
            for k: Rational in [0.0, 2, -3.5] { out.append(("x \(op.rawValue) \(k)", .compare(op, x, .constant(.number(k))))) }
            for m in [0, 2] { out.append(("x \(op.rawValue) member \(m)", .compare(op, x, .constant(.member(m))))) }
        }
        for negated in [false, true] {
            let word = negated ? "not in" : "in"
            out.append(("x \(word) y", .member(x, y, negated: negated)))
            out.append(("x \(word) {0, 2}", .member(x, .constant(.set(0b101)), negated: negated)))
        }
        out.append(("if x then y else 2", .conditional(x, y, .constant(.number(2)))))
        out.append(("if x then y else y", .conditional(x, y, y)))
        out.append(("if x then member 0 else member 0", .conditional(x, .constant(.member(0)), .constant(.member(0)))))
        return out
    }

    /// A program of two inputs and one let per expression (built by hand: the expressions
    /// mix kinds the checker rejects).
    static func program() throws -> Program {
        let base = try #require(Checker.compile(SourceFile(name: "ops.gist", text: guideline("""
            input x: number
            input y: number
            let r = x + y
            """))).0)
        let template = try #require(base.derived.first)
        let derived = expressions.map { name, ir in
            DerivedInfo(name: name, type: .number, kind: .letValue(ir), doc: nil, range: template.range, source: name)
        }
        return Program(name: base.name, version: base.version, date: base.date, source: base.source, file: base.file,
                       enums: base.enums, inputs: base.inputs, derived: derived, tables: base.tables,
                       recommendations: base.recommendations, exclusive: base.exclusive, pathway: base.pathway,
                       pathwayRange: base.pathwayRange, branchCount: base.branchCount)
    }

    @Test func everyOperatorOnEveryKindOfOperandAgrees() throws {
        let p = try Self.program()
        let machineCode = try #require(CompiledProgram(p))
        let machine = CompiledMachine(machineCode)
        let tree = Evaluator(program: p, compile: false)
        var checked = 0
        for a in Self.operands {
            for b in Self.operands {
                let reference = tree.treeEvaluate([a, b]).values
                #expect(machine.load([a, b]))
                machine.run()
                for (k, (name, _)) in Self.expressions.enumerated() {
                    let slot = p.inputs.count + k
                    let compiled = machine.value(ofSlot: slot)
                    #expect(Value.same(compiled, reference[slot]), "\(name) with x = \(a), y = \(b): machine \(compiled), tree \(reference[slot])")
                    checked += 1
                }
            }
        }
        #expect(checked == Self.operands.count * Self.operands.count * Self.expressions.count)
    }

    /// The shared operators themselves, on the cases that define the language's corners.
    @Test func sharedOperatorCorners() {
        #expect(Operators.arith(.div, Value.number(1), .number(0)) == .unknown)
        // A result that does not fit in 64 bits has no value: unknown, like a division by zero.
        #expect(Operators.arith(.mul, Value.number(Rational(Int64.max, 1) ?? 0), .number(10)) == .unknown)
        #expect(Operators.arith(.div, Value.number(10), .number(3)) == .number(Rational(10, 3) ?? 0))
        #expect(Operators.arith(.add, Value.number(0.1), .number(0.2)) == .number(0.3))
        #expect(Operators.arith(.add, Value.number(1), .unknown) == .unknown)
        #expect(Operators.compare(.lt, Value.member(0), .member(1)) == .unknown)
        #expect(Operators.compare(.eq, Value.member(1), .member(1)) == .bool(true))
        #expect(Operators.compare(.ne, Value.number(1), .member(1)) == .bool(true))
        #expect(Operators.compare(.eq, Value.unknown, .unknown) == .unknown)
        #expect(Operators.member(Value.member(70), .set(~0), negated: false) == .bool(false))
        #expect(Operators.select(.unknown, Value.number(3), .number(3)) == .number(3))
        #expect(Operators.select(.unknown, Value.number(3), .number(4)) == .unknown)
        // Kleene logic as the machine encodes it (0 no, 1 unknown, 2 yes; and = min, or = max).
        let truths: [Truth] = [.no, .unknown, .yes]
        for (i, a) in truths.enumerated() {
            #expect(truths[2 - i] == !a)
            for (j, b) in truths.enumerated() {
                #expect(truths[min(i, j)] == (a && b))
                #expect(truths[max(i, j)] == (a || b))
            }
        }
    }

    /// The table decision, row by row, on every policy's corners.
    @Test func tableTallyCorners() {
        func decide(_ policy: HitPolicy, _ rows: [(Truth, Value)]) -> Value {
            TableTally.decide(policy, rowCount: rows.count, output: { rows[$0].1 }, match: { rows[$0].0 })
        }
        let a = Value.member(0), b = Value.member(1)
        #expect(decide(.unique, [(.yes, a), (.no, b)]) == a)
        #expect(decide(.unique, [(.yes, a), (.yes, b)]) == .unknown)
        #expect(decide(.unique, [(.yes, a), (.unknown, a)]) == a)
        #expect(decide(.unique, [(.yes, a), (.unknown, b)]) == .unknown)
        #expect(decide(.unique, [(.no, a), (.no, b)]) == .unknown)
        #expect(decide(.first, [(.unknown, a), (.yes, a), (.unknown, b)]) == a)
        #expect(decide(.first, [(.unknown, b), (.yes, a)]) == .unknown)
        #expect(decide(.first, [(.yes, a), (.yes, b)]) == a)
        #expect(decide(.collect, [(.yes, a), (.yes, b)]) == .set(0b11))
        #expect(decide(.collect, [(.no, a), (.no, b)]) == .set(0))
        #expect(decide(.collect, [(.yes, a), (.unknown, a)]) == .set(0b1))
        #expect(decide(.collect, [(.yes, a), (.unknown, b)]) == .unknown)
    }
}
