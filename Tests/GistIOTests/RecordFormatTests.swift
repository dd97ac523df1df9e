import Testing
@testable import GistIO

@Suite struct RecordFormatTests {
    @Test(arguments: [
        ("a.json", RecordFormat.json), ("dir/b.JSON", .json),
        ("c.jsonl", .jsonl), ("c.ndjson", .jsonl), ("C.NDJSON", .jsonl),
        ("d.yaml", .yaml), ("d.yml", .yaml), ("x/y.z/D.YmL", .yaml),
        ("e.csv", .csv), ("./rel/e.Csv", .csv), ("archive.tar.csv", .csv),
    ])
    func knownExtensions(path: String, format: RecordFormat) {
        #expect(RecordFormat(path: path) == format)
    }

    @Test(arguments: ["a.txt", "noextension", "json", ".json", "dir.json/file", "a.json.bak", "a.", "", "a.jsonx"])
    func unknownExtensions(path: String) {
        #expect(RecordFormat(path: path) == nil)
    }

    @Test func rawValuesNameTheFormats() {
        #expect(RecordFormat.allCases.map(\.rawValue) == ["json", "jsonl", "yaml", "csv"])
        #expect(RecordFormat(rawValue: "yaml") == .yaml)
    }
}
