import Foundation
import Gist
import Testing
@testable import GistIO

@Suite struct RecordReaderTests {
    static let bom: [UInt8] = [0xEF, 0xBB, 0xBF]

    @Test func readsEachFormatFromAPathChosenByExtension() throws {
        let dir = try TemporaryDirectory()
        let files = [
            ("c.json", #"[{"age": 61, "smoker": true}]"#),
            ("c.jsonl", "{\"age\": 61, \"smoker\": true}\n"),
            ("c.NDJSON", "{\"age\": 61, \"smoker\": true}\n"),
            ("c.yaml", "- age: 61\n  smoker: true\n"),
            ("c.YML", "age: 61\nsmoker: true\n"),
        ]
        for (name, text) in files {
            let path = try dir.write(name, text)
            let results = try RecordReader.read(path: path)
            #expect(results.count == 1, "\(name)")
            let record = try #require(results.first?.record, "\(name)")
            #expect(record.fields.map(\.value) == [.number(61), .bool(true)], "\(name)")
            #expect(record.location.file == path)
            #expect(record.location.line == 1)
        }
        let csv = try dir.write("c.csv", "age,smoker\n61,true\n")
        let record = try #require(try RecordReader.read(path: csv).first?.record)
        #expect(record.fields.map(\.value) == [.string("61"), .string("true")])
        #expect(record.location == RecordLocation(file: csv, record: 1, line: 2))
    }

    @Test func displayPathIsUsedInLocationsAndErrors() throws {
        let dir = try TemporaryDirectory()
        let path = try dir.write("x.jsonl", "{\"a\": 1}\nnope\n")
        let results = try RecordReader.read(path: path, displayPath: "cases/x.jsonl")
        #expect(results[0].record?.location == RecordLocation(file: "cases/x.jsonl", record: 1, line: 1))
        #expect(results[1].error?.location == RecordLocation(file: "cases/x.jsonl", record: 2, line: 2))
        #expect(results[1].error?.description == "cases/x.jsonl:2: record 2: invalid JSON at column 1: unexpected 'n', expected a value")

        let empty = try dir.write("e.json", "")
        #expect(fileError { try RecordReader.read(path: empty, displayPath: "shown.json") }
                == RecordFileError(path: "shown.json", message: "empty file"))
    }

    @Test(arguments: [
        ("b.json", #"{"a": 1}"#), ("b.jsonl", "{\"a\": 1}\n"), ("b.yaml", "a: 1\n"), ("b.csv", "a\n1\n"),
    ])
    func byteOrderMarkIsIgnored(name: String, text: String) throws {
        let dir = try TemporaryDirectory()
        let path = try dir.write(name, bytes: Self.bom + Array(text.utf8))
        let record = try #require(try RecordReader.read(path: path).first?.record)
        #expect(record.names == ["a"])
        #expect(record.location.line == (name == "b.csv" ? 2 : 1))
    }

    @Test(arguments: RecordFormat.allCases)
    func byteOrderMarkInTextIsIgnored(format: RecordFormat) throws {
        let text: String
        switch format {
        case .json: text = #"{"a": 1}"#
        case .jsonl: text = "{\"a\": 1}"
        case .yaml: text = "a: 1"
        case .csv: text = "a\n1"
        }
        let results = try RecordReader.read(text: "\u{FEFF}" + text, format: format, file: "t")
        #expect(results.first?.record?.names == ["a"])
    }

    @Test func byteOrderMarkOnlyFiles() throws {
        let dir = try TemporaryDirectory()
        #expect(try RecordReader.read(path: try dir.write("a.jsonl", bytes: Self.bom)).isEmpty)
        #expect(fileError { try RecordReader.read(path: try dir.write("a.json", bytes: Self.bom)) }?.message == "empty file")
    }

    @Test(arguments: ["bad.json", "bad.jsonl", "bad.yaml", "bad.csv"])
    func invalidUTF8IsAFileError(name: String) throws {
        let dir = try TemporaryDirectory()
        let path = try dir.write(name, bytes: Array("{\"a\": \"".utf8) + [0xC3, 0x28, 0xFF] + Array("\"}\n".utf8))
        #expect(fileError { try RecordReader.read(path: path) } == RecordFileError(path: path, message: "not valid UTF-8 text"))
    }

    @Test func emptyFilesPerFormat() throws {
        let dir = try TemporaryDirectory()
        #expect(try RecordReader.read(path: try dir.write("e.jsonl", "")).isEmpty)
        #expect(try RecordReader.read(path: try dir.write("h.csv", "a,b\n")).isEmpty)
        #expect(fileError { try RecordReader.read(path: try dir.write("e.json", "")) }?.message == "empty file")
        #expect(fileError { try RecordReader.read(path: try dir.write("e.yaml", "")) }?.message == "empty file")
        #expect(fileError { try RecordReader.read(path: try dir.write("e.csv", "")) }?.message == "no header row")
    }

    @Test func unreadablePathsAreFileErrors() throws {
        let dir = try TemporaryDirectory()
        #expect(fileError { try RecordReader.read(path: dir.path + "/missing.json") }
                == RecordFileError(path: dir.path + "/missing.json", message: "no such file or directory"))
        #expect(fileError { try RecordReader.read(path: dir.path) }
                == RecordFileError(path: dir.path, message: "is a directory"))
        let text = try dir.write("notes.txt", "{}")
        #expect(fileError { try RecordReader.read(path: text) }?.message
                == "unknown file extension (expected .json, .jsonl, .ndjson, .yaml, .yml or .csv)")
    }

    @Test func expandKeepsFilesAndWalksDirectoriesSortedByPath() throws {
        let dir = try TemporaryDirectory()
        try dir.write("cases/b.json", "{}")
        try dir.write("cases/a.yaml", "a: 1")
        try dir.write("cases/a-b.csv", "a\n")
        try dir.write("cases/sub/z.jsonl", "")
        try dir.write("cases/sub/deeper/m.YML", "a: 1")
        try dir.write("cases/10.json", "{}")
        try dir.write("cases/2.json", "{}")
        try dir.write("cases/readme.md", "# not a case file")
        try dir.write("cases/.hidden.json", "{}")
        try dir.write("cases/.git/x.json", "{}")
        try dir.write("cases/empty/.keep", "")
        let loose = try dir.write("loose.txt", "x")

        let base = dir.path + "/cases"
        let expanded = try RecordReader.expand(paths: [loose, base, base + "/"])
        let expected = ["10.json", "2.json", "a-b.csv", "a.yaml", "b.json", "sub/deeper/m.YML", "sub/z.jsonl"]
        #expect(expanded == [loose] + expected.map { base + "/" + $0 } + expected.map { base + "/" + $0 })
    }

    @Test func expandFollowsDirectoryLinksWithoutLooping() throws {
        let dir = try TemporaryDirectory()
        try dir.write("cases/a.json", "{}")
        try FileManager.default.createSymbolicLink(atPath: dir.path + "/cases/loop", withDestinationPath: dir.path + "/cases")
        try FileManager.default.createSymbolicLink(atPath: dir.path + "/cases/dangling.json", withDestinationPath: dir.path + "/nowhere")
        let expanded = try RecordReader.expand(paths: [dir.path + "/cases"])
        #expect(expanded == [dir.path + "/cases/a.json"])
    }

    @Test func expandThrowsForAMissingPath() throws {
        let dir = try TemporaryDirectory()
        let missing = dir.path + "/nope"
        #expect(fileError { try RecordReader.expand(paths: [dir.path, missing]) }
                == RecordFileError(path: missing, message: "no such file or directory"))
        #expect(try RecordReader.expand(paths: []).isEmpty)
    }

    @Test func fileErrorDescription() {
        #expect(RecordFileError(path: "a.json", message: "empty file").description == "a.json: empty file")
    }
}
