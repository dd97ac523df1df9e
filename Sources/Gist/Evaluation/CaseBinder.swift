/// Checks a raw case record against a guideline's inputs and converts it to input values.
///
/// Every problem in a record is reported (not just the first); a record with problems is
/// rejected as a whole, so no case is evaluated on half-read data.
public struct CaseBinder: Sendable {
    public let program: Program
    let index: [String: Int]

    /// The set separator inside a string field (CSV cells): `imatinib;sunitinib`.
    public static let setSeparator: Character = ";"

    public init(program: Program) {
        self.program = program
        var idx: [String: Int] = [:]
        for (i, input) in program.inputs.enumerated() { idx[input.name] = i }
        self.index = idx
    }

    /// A record ready to evaluate.
    public struct BoundCase: Sendable {
        public var id: String
        /// One value per input, defaults applied.
        public var inputs: [Value]
        /// Which inputs the record gave (not defaulted).
        public var given: [Bool]
        public var location: RecordLocation?
        /// The record gave its `id` (else the case is named by its location).
        public var hasID = false
    }

    /// Most problems reported for one record; the rest are counted ("… and 7 more problems").
    public static let maxErrorsShown = 10

    /// A field name for a message, cut short when it is long (a CSV header of junk).
    static func shortened(_ name: String) -> String {
        name.count > 60 ? String(name.prefix(40)) + "… (\(name.count) characters)" : name
    }

    public func bind(_ record: RawRecord) -> Result<BoundCase, RecordErrors> {
        var values = [Value?](repeating: nil, count: program.inputs.count)
        var errors: [String] = []
        var id: String?
        var seen: Set<String> = []
        for (name, raw) in record.fields {
            if !seen.insert(name).inserted {
                errors.append("field '\(CaseBinder.shortened(name))' is given twice")
                continue
            }
            if name == "id" {
                switch raw {
                case .string(let s) where !s.trimmingSpaces().isEmpty: id = s
                case .string: errors.append("'id' must not be empty")
                case .number(let n) where n.isFinite: id = formatNumber(n)
                case .null: break
                default: errors.append("'id' must be a string or a number")
                }
                continue
            }
            if let t = program.todaySlot, index[name] == t {
                errors.append("'\(name)' is the evaluation date: it is set for the whole run (gist run --as-of YYYY-MM-DD), not per record")
                continue
            }
            guard let slot = index[name] else {
                // Past the errors shown, only count (no suggestion to compute for every column
                // of a CSV file of junk).
                guard errors.count < CaseBinder.maxErrorsShown else { errors.append(""); continue }
                var msg = "unknown field '\(CaseBinder.shortened(name))'"
                if name.utf8.count <= 100, let s = Suggest.closest(to: name, among: program.inputs.map(\.name) + ["id"]) {
                    msg += " (did you mean '\(s)'?)"
                }
                errors.append(msg)
                continue
            }
            switch convert(raw, for: program.inputs[slot]) {
            case .success(let v): values[slot] = v
            case .failure(let e): errors.append(e.message)
            }
        }
        if !errors.isEmpty {
            // A message quoting a huge value (a 10 MB string) is cut short.
            var shown = errors.prefix(CaseBinder.maxErrorsShown).map { m in
                m.count > 240 ? String(m.prefix(200)) + "… (cut short; \(m.count) characters in all)" : m
            }
            if errors.count > shown.count {
                shown.append("… and \(errors.count - shown.count) more problems in this record")
            }
            return .failure(RecordErrors(errors: shown.map { RecordError(location: record.location, message: $0) }))
        }
        let given = values.map { $0 != nil && !($0?.isUnknown ?? true) }
        let inputs = program.inputs.indices.map { i in values[i] ?? program.inputs[i].defaultValue ?? .unknown }
        let name = id ?? "\(record.location.file)#\(record.location.record)"
        return .success(BoundCase(id: name, inputs: inputs, given: given, location: record.location, hasID: id != nil))
    }

    public struct ConversionError: Error, Sendable { public let message: String }

    /// All the problems of one rejected record.
    public struct RecordErrors: Error, Sendable { public let errors: [RecordError] }

    /// Converts one field's raw value to the input's type, checking its range.
    public func convert(_ raw: RawValue, for input: InputInfo) -> Result<Value?, ConversionError> {
        func fail(_ m: String) -> Result<Value?, ConversionError> { .failure(ConversionError(message: m)) }
        let name = input.name
        if case .null = raw { return .success(nil) }
        if case .string(let s) = raw, s.trimmingSpaces().isEmpty, !isSet(input.type) { return .success(nil) }
        switch input.type {
        case .quantity(let dim) where dim.isDate:
            guard case .string(let s) = raw else { return fail("'\(name)' must be a date written YYYY-MM-DD, found \(describe(raw))") }
            guard let day = CalendarDate.parse(s.trimmingSpaces()) else {
                return fail("'\(name)': \"\(s)\" is not a date (YYYY-MM-DD, a real calendar day)")
            }
            return .success(.number(Rational(day)))
        case .quantity(let dim):
            let base: Rational
            switch raw {
            case .number(let n):
                guard let x = Self.exact(n) else { return fail(Self.notExact(name, n)) }
                guard let u = input.unit else { return fail("'\(name)' needs a unit") }
                guard let b = Units.toBase(x, u) else { return fail(Self.notExact(name, n)) }
                base = b
            case .string(let s):
                switch Self.parseQuantity(s, default: input.unit, dimension: dim) {
                case .success(let b): base = b
                case .failure(let e): return fail("'\(name)': \(e.message)")
                }
            default: return fail("'\(name)' must be \(dim.withArticle) (a number in \(input.unit?.name ?? dim.baseUnit), or a string like \(Self.example(dim, input.unit))), found \(describe(raw))")
            }
            if base < .zero, input.neverNegative {
                return fail("'\(name)' is \(program.format(.number(base), type: input.type, unit: input.unit)): \(dim.withArticle) cannot be negative")
            }
            return checkRange(base, input).map { .number($0) }
        case .count, .number:
            var x: Rational
            switch raw {
            case .number(let n):
                guard let r = Self.exact(n) else { return fail(Self.notExact(name, n)) }
                x = r
            case .string(let s):
                guard let n = Rational(decimal: s.trimmingSpaces()) else {
                    guard let d = Double(s.trimmingSpaces()) else { return fail("'\(name)' must be a number, found \"\(s)\"") }
                    return fail(d.isFinite ? "'\(name)': \"\(s)\" has too many digits to be held exactly (at most 18 significant digits)"
                                           : "'\(name)' must be a finite number")
                }
                x = n
            default: return fail("'\(name)' must be a number, found \(describe(raw))")
            }
            if input.type == .count {
                guard x >= .zero, x.isInteger else { return fail("'\(name)' is a count: it must be a whole number >= 0, found \(formatNumber(x))") }
            }
            return checkRange(x, input).map { .number($0) }
        case .bool:
            switch raw {
            case .bool(let b): return .success(.bool(b))
            case .string(let s):
                switch s.trimmingSpaces().lowercased() {
                case "true", "yes": return .success(.bool(true))
                case "false", "no": return .success(.bool(false))
                default: return fail("'\(name)' must be true or false, found \"\(s)\"")
                }
            default: return fail("'\(name)' must be true or false, found \(describe(raw))")
            }
        case .enumeration(let e):
            guard case .string(let s) = raw else { return fail("'\(name)' must be one of \(program.enums[e].members.joined(separator: ", ")), found \(describe(raw))") }
            return member(s.trimmingSpaces(), of: e, field: name).map { .member($0) }
        case .set(let e):
            var items: [String] = []
            switch raw {
            case .array(let xs):
                for x in xs {
                    guard case .string(let s) = x else { return fail("'\(name)' must list members of \(program.enums[e].name), found \(describe(x))") }
                    items.append(s)
                }
            case .string(let s): items = s.split(separator: Self.setSeparator).map { String($0).trimmingSpaces() }.filter { !$0.isEmpty }
            default: return fail("'\(name)' must be a list of \(program.enums[e].name) members, found \(describe(raw))")
            }
            var mask: UInt64 = 0
            for s in items {
                switch member(s, of: e, field: name) {
                case .success(let m): mask |= 1 << UInt64(m)
                case .failure(let err): return .failure(err)
                }
            }
            return .success(.set(mask))
        case .string:
            if case .string(let s) = raw { return .success(.string(s)) }
            return fail("'\(name)' must be a string")
        case .error:
            return fail("'\(name)' has a type error in the guideline")
        }
    }

    func isSet(_ t: GType) -> Bool { if case .set = t { return true } else { return false } }

    func member(_ s: String, of e: Int, field: String) -> Result<Int, ConversionError> {
        if let m = program.enums[e].index(of: s) { return .success(m) }
        var msg = "'\(field)': unknown value '\(s)'"
        if s.utf8.count <= 100, let sug = Suggest.closest(to: s, among: program.enums[e].members) { msg += " (did you mean '\(sug)'?)" }
        else { msg += " (expected one of \(program.enums[e].members.joined(separator: ", ")))" }
        return .failure(ConversionError(message: msg))
    }

    /// A record number as the decimal it was written as (`0.1` is exactly 1/10): records
    /// arrive as doubles, which give back any decimal of up to 15 significant digits.
    static func exact(_ n: Double) -> Rational? { Rational(shortestDecimalOf: n) }

    static func notExact(_ name: String, _ n: Double) -> String {
        n.isFinite ? "'\(name)': \(formatNumber(n)) is too large to be held exactly" : "'\(name)' must be a finite number"
    }

    func checkRange(_ x: Rational, _ input: InputInfo) -> Result<Rational, ConversionError> {
        let show = { (v: Rational) -> String in program.format(.number(v), type: input.type, unit: input.unit) }
        if let lo = input.lower, lo.inclusive ? x < lo.value : x <= lo.value {
            return .failure(ConversionError(message: "'\(input.name)' is \(show(x)), below its range (\(lo.inclusive ? ">=" : ">") \(show(lo.value)))"))
        }
        if let hi = input.upper, hi.inclusive ? x > hi.value : x >= hi.value {
            return .failure(ConversionError(message: "'\(input.name)' is \(show(x)), above its range (\(hi.inclusive ? "<=" : "<") \(show(hi.value)))"))
        }
        return .success(x)
    }

    func describe(_ v: RawValue) -> String {
        switch v {
        case .null: return "null"
        case .bool(let b): return b ? "true" : "false"
        case .number(let n): return formatNumber(n)
        case .string(let s): return "\"\(s)\""
        case .array: return "a list"
        case .object: return "an object"
        }
    }

    /// A quantity as a record may write it: `"45 mm"`, `"2 mg/dL"`.
    static func example(_ d: Dimension, _ unit: UnitInfo?) -> String {
        d == .length ? "\"45 mm\"" : "\"2 \(unit?.name ?? d.baseUnit)\""
    }

    /// `"45 mm"`, `"4.5cm"`, or a bare `"4.5"` in the default unit; returns base units.
    public static func parseQuantity(_ text: String, default unit: UnitInfo?, dimension: Dimension) -> Result<Rational, ConversionError> {
        let s = text.trimmingSpaces()
        var numEnd = s.startIndex
        for (k, ch) in zip(s.indices, s) {
            if ch.isNumber || ch == "." || ch == "-" || ch == "+" || ((ch == "e" || ch == "E") && k != s.startIndex) {
                // Stop at an 'e' that starts a unit name rather than an exponent.
                if ch == "e" || ch == "E" {
                    let next = s.index(after: k)
                    if next == s.endIndex || !(s[next].isNumber || s[next] == "-" || s[next] == "+") { break }
                }
                numEnd = s.index(after: k)
            } else { break }
        }
        let numeral = s[s.startIndex..<numEnd]
        guard let x = Rational(decimal: numeral) else {
            if let d = Double(numeral), d.isFinite {
                return .failure(ConversionError(message: "\"\(text)\" has too many digits to be held exactly (at most 18 significant digits)"))
            }
            return .failure(ConversionError(message: "\"\(text)\" is not \(dimension.withArticle) (e.g. \(example(dimension, unit)))"))
        }
        let unitText = String(s[numEnd...]).trimmingSpaces().replacingAll(" ", with: "")
        let u: UnitInfo
        if unitText.isEmpty {
            guard let d = unit else { return .failure(ConversionError(message: "\"\(text)\" needs a unit")) }
            u = d
        } else {
            guard let found = Units.lookup(unitText) else {
                var m = "unknown unit '\(unitText)'"
                if let sug = Suggest.closest(to: unitText, among: Units.names) { m += " (did you mean '\(sug)'?)" }
                return .failure(ConversionError(message: m))
            }
            guard found.dimension == dimension else {
                return .failure(ConversionError(message: "'\(unitText)' is \(found.dimension.withArticle) unit, not \(dimension.withArticle) unit"))
            }
            u = found
        }
        guard let base = Units.toBase(x, u) else {
            return .failure(ConversionError(message: "\"\(text)\" is too large to be held exactly in \(dimension.baseUnit)"))
        }
        return .success(base)
    }
}
