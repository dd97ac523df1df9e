// libFuzzer target: arbitrary bytes as a `.gist` guideline.
//
// Runs what `gist check`, `gist fmt`, `gist run` and `gist diff` run on a guideline: the lexer,
// parser and checker (every diagnostic rendered), the formatter, and for a guideline without
// errors the evaluator (unknown inputs, then values bound from a record of assorted raw values,
// with explanations), the input-space findings and an exact self-diff, both with a small node
// limit so a single input cannot run for long. A crash, a sanitizer report or a timeout fails.
import Gist

/// A small node bound: the analyses must stop cleanly at it, not run away.
let nodeLimit = 3_000

/// Raw values a case record might hold, good and bad for any input type.
let rawChoices: [RawValue] = [
    .null, .bool(true), .bool(false), .number(0), .number(-1), .number(2.5), .number(1e300),
    .number(-Double.infinity), .number(.nan), .string(""), .string("3"), .string("2 cm"), .string("45 mm"),
    .string("-1 cm"), .string("1e999 mm"), .string("true"), .string("x"), .string("a;b"),
    .array([]), .array([.string("x")]), .object([("k", .null)]),
]

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzGuideline(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = UnsafeBufferPointer(start: data, count: size)
    // The commands refuse invalid UTF-8 before parsing; the library must still cope with the
    // repaired text.
    let text = String(validating: bytes, as: UTF8.self) ?? String(decoding: bytes, as: UTF8.self)
    let file = SourceFile(name: "fuzz.gist", text: text)
    let (program, diagnostics) = Checker.compile(file)
    var sink = 0
    for d in diagnostics { sink &+= d.rendered().utf8.count }
    if case .formatted(let out) = SourceFormatter.format(file) { sink &+= out.utf8.count }
    guard let program else { return sink == -1 ? 1 : 0 }

    let evaluator = Evaluator(program: program)
    let unknown = evaluator.withDefaults([])
    sink &+= evaluator.report(id: "unknown", inputs: unknown, explain: true).recommendations.count

    // A record with a value for every input, picked from the bytes.
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for b in bytes { hash = (hash ^ UInt64(b)) &* 0x100_0000_01b3 }
    var fields: [(name: String, value: RawValue)] = [("id", .string("c"))]
    for (k, input) in program.inputs.enumerated() {
        var pick = Int((hash >> UInt64((k * 5) % 59)) % UInt64(rawChoices.count + 2))
        if pick >= rawChoices.count {
            // A member name of the input's enum, or a set of them.
            switch input.type {
            case .enumeration(let e), .set(let e):
                let members = e < program.enums.count ? program.enums[e].members : []
                fields.append((input.name, .string(members.isEmpty ? "" : members[k % members.count])))
                continue
            default: pick = k % rawChoices.count
            }
        }
        fields.append((input.name, rawChoices[pick]))
    }
    let record = RawRecord(fields: fields, location: RecordLocation(file: "fuzz.jsonl", record: 1, line: 1))
    switch CaseBinder(program: program).bind(record) {
    case .success(let bound):
        sink &+= evaluator.report(id: bound.id, location: bound.location, inputs: bound.inputs, explain: true).recommendations.count
        sink &+= evaluator.report(id: bound.id, inputs: bound.inputs).undetermined.count
    case .failure(let errors):
        for e in errors.errors { sink &+= e.description.utf8.count }
    }

    for d in Findings.analyse(program, nodeLimit: nodeLimit) { sink &+= d.rendered().utf8.count }
    let diff = GuidelineDiff(old: program, new: program, nodeLimit: nodeLimit)
    sink &+= diff.regions.count
    return sink == -1 ? 1 : 0
}
