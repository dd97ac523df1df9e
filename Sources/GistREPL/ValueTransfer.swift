import Gist

/// Carries an input value from one guideline to another revision of it. Values index enum
/// members by position in their own program, so members travel by name; quantities (base
/// units), counts, numbers and booleans travel as they are.
enum ValueTransfer {
    enum Failure: Error {
        /// The other input has another kind of type (a length became a count …).
        case typeChanged(from: String, to: String)
        /// The other enum has no member of this name.
        case noMember(String)
    }

    static func convert(_ v: Value, from a: InputInfo, _ pa: Program, to b: InputInfo, _ pb: Program) -> Result<Value, Failure> {
        if v.isUnknown { return .success(v) }
        switch (a.type, b.type, v) {
        case (.quantity(let da), .quantity(let db), _) where da == db: return .success(v)
        case (.count, .count, _), (.number, .number, _), (.count, .number, _), (.bool, .bool, _), (.string, .string, _):
            return .success(v)
        case (.enumeration(let ea), .enumeration(let eb), .member(let m)):
            let name = pa.members(of: 1 << UInt64(m), in: ea).first ?? ""
            guard let i = pb.enums[eb].index(of: name) else { return .failure(.noMember(name)) }
            return .success(.member(i))
        case (.set(let ea), .set(let eb), .set(let mask)):
            var out: UInt64 = 0
            for name in pa.members(of: mask, in: ea) {
                guard let i = pb.enums[eb].index(of: name) else { return .failure(.noMember(name)) }
                out |= 1 << UInt64(i)
            }
            return .success(.set(out))
        default:
            return .failure(.typeChanged(from: pa.typeName(a.type), to: pb.typeName(b.type)))
        }
    }
}
