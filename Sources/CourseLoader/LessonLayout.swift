import CourseModel

/// What the compiled text of a lesson shows an author did not mean, read from its outline (no
/// second parse): a callout kind that does not exist (`> [!TIPS]` shows as a plain quote with
/// the marker in it) and a section with no text (a heading followed at once by one of the same
/// or a higher level: the text meant for it was left somewhere else).
enum LessonLayout {
    static func warnings(_ compiled: CompiledMarkdown, body: String, bodyStartLine: Int, path: String, files: ContentFiles) -> [Diagnostic] {
        // A quote's first line, found by counting line ends in the bytes (every lesson of a
        // large site may have a callout: cutting each body into lines cost a clean build at 4,500
        // lessons about 0.4 s of CPU).
        // Blocks come in the order of their lines: each line is found from the one before.
        var body = body
        var cursor = (line: 1, start: 0)
        func line(_ number: Int) -> Substring? {
            guard number >= 1 else { return nil }
            if number < cursor.line { cursor = (1, 0) }
            return body.withUTF8 { bytes -> Substring? in
                while cursor.line < number {
                    guard let end = bytes.firstIndex(of: UInt8(ascii: "\n"), from: cursor.start) else { return nil }
                    cursor = (cursor.line + 1, end + 1)
                }
                let end = bytes.firstIndex(of: UInt8(ascii: "\n"), from: cursor.start) ?? bytes.count
                return Substring(String(decoding: UnsafeBufferPointer(rebasing: bytes[cursor.start..<end]), as: UTF8.self))
            }
        }
        let fileLine = { (bodyLine: Int) in bodyStartLine + bodyLine - 1 }
        var found: [Diagnostic] = []
        let blocks = compiled.outline.blocks
        let levels = Dictionary(compiled.headings.map { ($0.line, $0) }) { first, _ in first }
        for (index, block) in blocks.enumerated() {
            switch block.kind {
            case .quote:
                guard let text = line(block.startLine), let (name, column) = unknownCallout(in: text) else { continue }
                let nearest = Suggestion.nearest(to: name, among: CalloutKind.allCases.map { $0.rawValue.uppercased() })
                found.append(.warning("unknown callout '[!\(name)]': it shows as a plain quote with the marker in it; "
                                      + (nearest.map { "did you mean '[!\($0)]'? " } ?? "")
                                      + "callouts are " + CalloutKind.allCases.map { "[!\($0.rawValue.uppercased())]" }.joined(separator: ", "),
                                      at: files.location(path, line: fileLine(block.startLine), column: column)))
            case .heading:
                guard let heading = levels[block.startLine] else { continue }
                let next = index + 1 < blocks.count ? blocks[index + 1] : nil
                let nextLevel = next.flatMap { $0.kind == .heading ? levels[$0.startLine]?.level : nil }
                guard next == nil || nextLevel.map({ $0 <= heading.level }) == true else { continue }
                let marks = String(repeating: "#", count: heading.level)
                found.append(.warning("the section '\(marks) \(heading.text)' is empty: "
                                      + (next == nil ? "it ends the lesson" : "the next heading follows at once")
                                      + "; write its text under it, or remove the heading",
                                      at: files.location(path, line: fileLine(heading.line), column: max(heading.column, 1))))
            default:
                continue
            }
        }
        return found
    }

    /// `> [!NAME]` alone on a quote's first line, NAME not a callout kind: NAME and the column
    /// of its `[` (in characters, 1-based).
    private static let calloutOpening = Array("[!".utf8)

    static func unknownCallout(in line: Substring) -> (String, Int)? {
        // Found with memchr on the UTF-8 (Foundation's `range(of:)` compared Characters through
        // CFString, and the generic `firstRange(of:)` byte by byte, for every quote of every lesson).
        var text = line
        guard let offset = text.withUTF8({ $0.firstIndex(of: Self.calloutOpening) }) else { return nil }
        let start = line.utf8.index(line.startIndex, offsetBy: offset)
        let open = start..<line.utf8.index(start, offsetBy: Self.calloutOpening.count)
        let before = line[..<open.lowerBound]
        guard before.allSatisfy({ $0 == ">" || $0 == " " || $0 == "\t" }), before.contains(">") else { return nil }
        let rest = line[open.upperBound...]
        guard let close = rest.firstIndex(of: "]"), rest[rest.index(after: close)...].allSatisfy(\.isWhitespace) else { return nil }
        let name = String(rest[..<close])
        guard !name.isEmpty, name.allSatisfy(\.isLetter), CalloutKind(rawValue: name.lowercased()) == nil else { return nil }
        return (name, line.distance(from: line.startIndex, to: open.lowerBound) + 1)
    }
}
