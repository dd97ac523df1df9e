import Foundation
import Gist

/// Binds one JSON Lines record straight from its bytes to packed input values — the fast path
/// of `gist run` — without building a `RawRecord`, strings or arrays.
///
/// It takes only the common, clean form of a record: an object whose member names are input
/// names (or `id`) without escapes, each at most once; numbers for quantities (in the input's
/// unit) and counts, `true`/`false`, enum members written exactly as declared, arrays of such
/// members for sets, `null`; values inside their ranges. On anything else — a syntax error, an
/// escape, a unit in a string, a value out of range, an unknown field — it answers nil, and the
/// caller reads the line with `JSONValueParser` and binds it with `CaseBinder`, which accept
/// or reject it with their usual messages. So for every line it accepts, the values equal what
/// `CaseBinder` gives (tests check this on generated and mutated lines).
public struct JSONLineBinder: Sendable {
    /// The record's `id`, as the binder would name the case.
    public enum ID: Equatable, Sendable {
        /// No `id` (or `null`): the case is named by file and record number.
        case none
        /// A JSON string without escapes: these bytes of the line, between the quotes.
        case bytes(Range<Int>)
        /// A number, formatted as the binder does.
        case text(String)
    }

    enum Kind: UInt8 { case id, quantity, count, number, bool, member, set, other }

    struct Field: Sendable {
        var input: Int
        var kind: Kind
        var factor: Rational
        var lower: Bound?
        var upper: Bound?
        /// A negative value is the general path's to reject (InputInfo.neverNegative).
        var neverNegative = false
        /// member/set: the enum.
        var enumeration: Int
    }

    let fields: [Field]
    /// Names and enum members as bytes, for comparing without arrays.
    let bytes: ByteTables
    /// Open addressing: hash of a name -> field index, -1 empty.
    let slots: [Int32]
    let slotMask: Int
    public let inputCount: Int
    /// Each input's default (or unknown), packed.
    public let defaults: [PackedValue]

    /// Flat byte storage for field names and enum members.
    final class ByteTables: @unchecked Sendable {
        let storage: UnsafeMutablePointer<UInt8>
        /// Per field: offset and length of its name.
        let names: UnsafeMutablePointer<(Int, Int)>
        /// Per enum: first entry in `members` and number of members.
        let enums: UnsafeMutablePointer<(Int, Int)>
        let enumCount: Int
        /// Members' offsets and lengths.
        let members: UnsafeMutablePointer<(Int, Int)>

        init(names: [[UInt8]], members: [[[UInt8]]]) {
            let total = names.reduce(0) { $0 + $1.count } + members.reduce(0) { $0 + $1.reduce(0) { $0 + $1.count } }
            let storage = UnsafeMutablePointer<UInt8>.allocate(capacity: max(total, 1))
            var offset = 0
            func put(_ b: [UInt8]) -> (Int, Int) {
                let start = offset
                for (k, x) in b.enumerated() { storage[offset + k] = x }
                offset += b.count
                return (start, b.count)
            }
            self.storage = storage
            let nameList = names.map(put)
            self.names = .allocate(capacity: max(nameList.count, 1))
            self.names.initialize(from: nameList, count: nameList.count)
            var memberList: [(Int, Int)] = []
            var enumList: [(Int, Int)] = []
            for e in members {
                enumList.append((memberList.count, e.count))
                memberList.append(contentsOf: e.map(put))
            }
            self.enums = .allocate(capacity: max(enumList.count, 1))
            self.enums.initialize(from: enumList, count: enumList.count)
            enumCount = enumList.count
            self.members = .allocate(capacity: max(memberList.count, 1))
            self.members.initialize(from: memberList, count: memberList.count)
        }

        deinit {
            storage.deallocate()
            names.deallocate()
            enums.deallocate()
            members.deallocate()
        }

        @inline(__always) func equal(_ entry: (Int, Int), _ base: UnsafePointer<UInt8>, _ r: Range<Int>) -> Bool {
            guard entry.1 == r.count else { return false }
            let a = storage + entry.0, b = base + r.lowerBound
            var k = 0
            let n = r.count
            while k + 8 <= n {
                if UnsafeRawPointer(a + k).loadUnaligned(as: UInt64.self) != UnsafeRawPointer(b + k).loadUnaligned(as: UInt64.self) {
                    return false
                }
                k += 8
            }
            while k < n {
                if a[k] != b[k] { return false }
                k += 1
            }
            return true
        }
    }

    public init(program: Program) {
        var fields: [Field] = [Field(input: -1, kind: .id, factor: .one, enumeration: -1)]
        var names: [[UInt8]] = [Array("id".utf8)]
        for (i, input) in program.inputs.enumerated() {
            var f = Field(input: i, kind: .other, factor: .one, lower: input.lower, upper: input.upper, enumeration: -1)
            f.neverNegative = input.neverNegative
            switch input.type {
            case .quantity:
                if let u = input.unit { f.kind = .quantity; f.factor = u.factor }
            case .count: f.kind = .count
            case .number: f.kind = .number
            case .bool: f.kind = .bool
            case .enumeration(let e): f.kind = .member; f.enumeration = e
            case .set(let e): f.kind = .set; f.enumeration = e
            case .string, .error: f.kind = .other
            }
            if input.name == "id" { continue }  // `id` names the case; the binder never binds it
            fields.append(f)
            names.append(Array(input.name.utf8))
        }
        var size = 64
        while size < fields.count * 4 { size *= 2 }
        var slots = [Int32](repeating: -1, count: size)
        for (k, name) in names.enumerated() {
            var h = name.withUnsafeBufferPointer { b in b.baseAddress.map { Self.hash($0, 0..<b.count) } ?? 0 } & (size - 1)
            while slots[h] >= 0 { h = (h + 1) & (size - 1) }
            slots[h] = Int32(k)
        }
        self.fields = fields
        self.slots = slots
        slotMask = size - 1
        bytes = ByteTables(names: names, members: program.enums.map { $0.members.map { Array($0.utf8) } })
        inputCount = program.inputs.count
        defaults = program.inputs.map { PackedValue($0.defaultValue ?? .unknown) ?? .unknown }
    }

    /// A cheap hash of a name: its length and a few of its bytes (names are then compared).
    @inline(__always) static func hash(_ base: UnsafePointer<UInt8>, _ r: Range<Int>) -> Int {
        let n = r.count
        guard n > 0 else { return 0 }
        let a = Int(base[r.lowerBound]), z = Int(base[r.upperBound - 1]), m = Int(base[r.lowerBound + n / 2])
        return (n &* 0x2F) ^ (a &* 0x1F3) ^ (z &* 0x95) ^ (m &* 0x3D1) ^ (n >> 2)
    }

    /// Binds `line` into `values` (one per input; set to defaults first). Nil: take the
    /// general path for this line.
    public func bind(_ line: UnsafeBufferPointer<UInt8>, into values: UnsafeMutablePointer<PackedValue>) -> ID? {
        var hint = Hint()
        return bind(line, into: values, hint: &hint)
    }

    /// Which field followed which in the last records: records of one file usually list their
    /// fields in the same order, so the expected name is checked first (one comparison instead
    /// of scanning and hashing it). Keep one per thread and pass it to every `bind`.
    public struct Hint {
        /// next[k]: the field that followed field k; next[fields.count]: the first field.
        var next: [Int32] = []
        public init() {}
    }

    /// As `bind(_:into:)`, guessing each field from the previous record's order.
    public func bind(_ line: UnsafeBufferPointer<UInt8>, into values: UnsafeMutablePointer<PackedValue>, hint: inout Hint) -> ID? {
        guard let base = line.baseAddress else { return nil }
        var p = Cursor(base: base, end: line.count)
        defaults.withUnsafeBufferPointer { d in
            if let b = d.baseAddress { values.update(from: b, count: d.count) }
        }
        var seen0: UInt64 = 0
        var seenMore = fields.count > 64 ? [UInt64](repeating: 0, count: (fields.count + 63) / 64) : []
        var id = ID.none
        if hint.next.count != fields.count + 1 { hint.next = [Int32](repeating: -1, count: fields.count + 1) }
        var previous = fields.count
        p.skipSpace()
        guard p.take(UInt8(ascii: "{")) else { return nil }
        p.skipSpace()
        if p.take(UInt8(ascii: "}")) { return p.atEndAfterSpace() ? id : nil }
        while true {
            p.skipSpace()
            let k: Int
            let guess = Int(hint.next[previous])
            if guess >= 0, p.takeQuoted(bytes.storage + bytes.names[guess].0, bytes.names[guess].1) {
                k = guess
            } else {
                guard let name = p.plainString(), let found = field(base, name) else { return nil }
                k = found
                hint.next[previous] = Int32(k)
            }
            previous = k
            if k < 64 {
                guard seen0 & (1 << UInt64(k)) == 0 else { return nil }
                seen0 |= 1 << UInt64(k)
            } else {
                guard seenMore[k >> 6] & (1 << UInt64(k & 63)) == 0 else { return nil }
                seenMore[k >> 6] |= 1 << UInt64(k & 63)
            }
            p.skipSpace()
            guard p.take(UInt8(ascii: ":")) else { return nil }
            p.skipSpace()
            let f = fields[k]
            if p.takeLiteral("null") {
                // Missing: the default stays (for `id`, the case is named by its location).
            } else {
                switch f.kind {
                case .id:
                    if let r = p.plainString() {
                        // The binder rejects an id that is empty after trimming.
                        var blank = true
                        for i in r where !(base[i] == 0x20 || base[i] == 0x09 || base[i] == 0x0D) { blank = false; break }
                        if blank { return nil }
                        id = .bytes(r)
                    } else {
                        // A numeric id is kept as written: the general parser does that.
                        return nil
                    }
                case .quantity, .count, .number:
                    guard var x = p.number() else { return nil }
                    if f.kind == .quantity {
                        guard let b = x.multiplied(by: f.factor) else { return nil }  // Units.toBase
                        x = b
                    }
                    if f.kind == .count, x < .zero || !x.isInteger { return nil }
                    if f.neverNegative, x < .zero { return nil }
                    if let lo = f.lower, lo.inclusive ? x < lo.value : x <= lo.value { return nil }
                    if let hi = f.upper, hi.inclusive ? x > hi.value : x >= hi.value { return nil }
                    values[f.input] = .number(x)
                case .bool:
                    if p.takeLiteral("true") { values[f.input] = .bool(true) }
                    else if p.takeLiteral("false") { values[f.input] = .bool(false) }
                    else { return nil }
                case .member:
                    guard let r = p.plainString(), let m = member(base, r, of: f.enumeration) else { return nil }
                    values[f.input] = .member(m)
                case .set:
                    guard p.take(UInt8(ascii: "[")) else { return nil }
                    var mask: UInt64 = 0
                    p.skipSpace()
                    if !p.take(UInt8(ascii: "]")) {
                        while true {
                            p.skipSpace()
                            guard let r = p.plainString(), let m = member(base, r, of: f.enumeration), m < 64 else { return nil }
                            mask |= 1 << UInt64(m)
                            p.skipSpace()
                            if p.take(UInt8(ascii: ",")) { continue }
                            guard p.take(UInt8(ascii: "]")) else { return nil }
                            break
                        }
                    }
                    values[f.input] = .set(mask)
                case .other:
                    return nil
                }
            }
            p.skipSpace()
            if p.take(UInt8(ascii: ",")) { continue }
            guard p.take(UInt8(ascii: "}")) else { return nil }
            return p.atEndAfterSpace() ? id : nil
        }
    }

    @inline(__always) func field(_ base: UnsafePointer<UInt8>, _ r: Range<Int>) -> Int? {
        var h = Self.hash(base, r) & slotMask
        while true {
            let k = Int(slots[h])
            if k < 0 { return nil }
            if bytes.equal(bytes.names[k], base, r) { return k }
            h = (h + 1) & slotMask
        }
    }

    @inline(__always) func member(_ base: UnsafePointer<UInt8>, _ r: Range<Int>, of e: Int) -> Int? {
        guard e >= 0, e < bytes.enumCount else { return nil }
        let (first, count) = bytes.enums[e]
        for m in 0..<count where bytes.equal(bytes.members[first + m], base, r) { return m }
        return nil
    }

    /// A strict JSON reader over one line; every method returns false/nil without consuming
    /// anything it does not accept.
    struct Cursor {
        let base: UnsafePointer<UInt8>
        let end: Int
        var i = 0

        init(base: UnsafePointer<UInt8>, end: Int) {
            self.base = base
            self.end = end
        }

        @inline(__always) mutating func skipSpace() {
            while i < end {
                let b = base[i]
                if b == 0x20 || b == 0x09 || b == 0x0D || b == 0x0A { i += 1 } else { return }
            }
        }

        @inline(__always) mutating func take(_ b: UInt8) -> Bool {
            if i < end && base[i] == b { i += 1; return true }
            return false
        }

        /// `"name"` exactly (name without escapes), consumed if present.
        @inline(__always) mutating func takeQuoted(_ name: UnsafePointer<UInt8>, _ n: Int) -> Bool {
            guard end - i >= n + 2, base[i] == UInt8(ascii: "\""), base[i + n + 1] == UInt8(ascii: "\"") else { return false }
            let a = base + i + 1
            var k = 0
            while k + 8 <= n {
                if UnsafeRawPointer(a + k).loadUnaligned(as: UInt64.self) != UnsafeRawPointer(name + k).loadUnaligned(as: UInt64.self) {
                    return false
                }
                k += 8
            }
            while k < n {
                if a[k] != name[k] { return false }
                k += 1
            }
            i += n + 2
            return true
        }

        mutating func atEndAfterSpace() -> Bool {
            skipSpace()
            return i == end
        }

        mutating func takeLiteral(_ word: StaticString) -> Bool {
            let n = word.utf8CodeUnitCount
            guard end - i >= n, memcmp(base + i, word.utf8Start, n) == 0 else { return false }
            i += n
            return true
        }

        /// A string without escapes or control characters: the range of its content.
        mutating func plainString() -> Range<Int>? {
            guard i < end, base[i] == UInt8(ascii: "\"") else { return nil }
            var j = i + 1
            while j < end {
                let b = base[j]
                if b == UInt8(ascii: "\"") {
                    let r = (i + 1)..<j
                    i = j + 1
                    return r
                }
                if b == UInt8(ascii: "\\") || b < 0x20 { return nil }
                j += 1
            }
            return nil
        }

        /// A JSON number, exactly, when the fast path takes it: at most 15 significant digits
        /// (what the general parser's doubles give back exactly, so both paths agree) and a
        /// decimal exponent within ±18.
        mutating func number() -> Rational? {
            var j = i
            var negative = false
            if j < end && base[j] == UInt8(ascii: "-") { negative = true; j += 1 }
            guard j < end else { return nil }
            var mantissa: UInt64 = 0
            var digits = 0
            var exponent = 0
            if base[j] == UInt8(ascii: "0") {
                j += 1
                if j < end, base[j] >= 0x30, base[j] <= 0x39 { return nil }
            } else if base[j] >= 0x31 && base[j] <= 0x39 {
                while j < end, base[j] >= 0x30, base[j] <= 0x39 {
                    guard digits < 15 else { return nil }
                    mantissa = mantissa * 10 + UInt64(base[j] - 0x30)
                    if mantissa != 0 { digits += 1 }
                    j += 1
                }
            } else {
                return nil
            }
            if j < end && base[j] == UInt8(ascii: ".") {
                j += 1
                guard j < end, base[j] >= 0x30, base[j] <= 0x39 else { return nil }
                while j < end, base[j] >= 0x30, base[j] <= 0x39 {
                    guard digits < 15 else { return nil }
                    mantissa = mantissa * 10 + UInt64(base[j] - 0x30)
                    if mantissa != 0 { digits += 1 }
                    exponent -= 1
                    j += 1
                }
            }
            if j < end && (base[j] == UInt8(ascii: "e") || base[j] == UInt8(ascii: "E")) {
                j += 1
                var negativeExponent = false
                if j < end && (base[j] == UInt8(ascii: "+") || base[j] == UInt8(ascii: "-")) {
                    negativeExponent = base[j] == UInt8(ascii: "-")
                    j += 1
                }
                guard j < end, base[j] >= 0x30, base[j] <= 0x39 else { return nil }
                var e = 0
                while j < end, base[j] >= 0x30, base[j] <= 0x39 {
                    e = e * 10 + Int(base[j] - 0x30)
                    guard e < 10_000 else { return nil }
                    j += 1
                }
                exponent += negativeExponent ? -e : e
            }
            if mantissa == 0 {
                // Zero with any exponent is zero.
                i = j
                return .zero
            }
            guard exponent >= -18, exponent <= 18 else { return nil }
            let signed = negative ? -Int64(mantissa) : Int64(mantissa)
            let x = exponent < 0 ? Rational(signed, Self.powers[-exponent])
                                 : Rational(signed, 1)?.multiplied(by: Rational(Self.powers[exponent], 1) ?? .one)
            guard let x else { return nil }
            i = j
            return x
        }

        static let powers: [Int64] = (0...18).map { k in
            var p: Int64 = 1
            for _ in 0..<k { p *= 10 }
            return p
        }
    }
}
