/// What changed in a block, word by word: the words the old text and the new one share stay as
/// they are, the others are marked as deleted and inserted, each run of them together (as
/// `git diff --word-diff` shows it), so a translator sees what to change in the translation.
enum WordDiff {
    enum Piece: Equatable {
        case same(String)
        case deleted(String)
        case inserted(String)
    }

    /// Longer texts (in words, old × new) are shown as all deleted and all inserted: the
    /// alignment costs their product.
    static let largest = 4_000_000

    static func pieces(old: String, new: String) -> [Piece] {
        let before = old.split(whereSeparator: \.isWhitespace).map(String.init)
        let after = new.split(whereSeparator: \.isWhitespace).map(String.init)
        guard before.count * after.count <= largest else {
            return [.deleted(before.joined(separator: " ")), .inserted(after.joined(separator: " "))]
        }
        // table[i][j]: the longest common run of words of before[i...] and after[j...].
        var table = Array(repeating: Array(repeating: 0, count: after.count + 1), count: before.count + 1)
        for i in stride(from: before.count - 1, through: 0, by: -1) {
            for j in stride(from: after.count - 1, through: 0, by: -1) {
                table[i][j] = before[i] == after[j] ? table[i + 1][j + 1] + 1 : max(table[i + 1][j], table[i][j + 1])
            }
        }
        var pieces: [Piece] = []
        var deleted: [String] = [], inserted: [String] = [], same: [String] = []
        func flushChanges() {
            if !deleted.isEmpty { pieces.append(.deleted(deleted.joined(separator: " "))) }
            if !inserted.isEmpty { pieces.append(.inserted(inserted.joined(separator: " "))) }
            deleted = []
            inserted = []
        }
        func flushSame() {
            if !same.isEmpty { pieces.append(.same(same.joined(separator: " "))) }
            same = []
        }
        var i = 0, j = 0
        while i < before.count || j < after.count {
            if i < before.count, j < after.count, before[i] == after[j] {
                flushChanges()
                same.append(before[i])
                i += 1
                j += 1
            } else {
                flushSame()
                if j < after.count, i == before.count || table[i][j + 1] >= table[i + 1][j] {
                    inserted.append(after[j])
                    j += 1
                } else {
                    deleted.append(before[i])
                    i += 1
                }
            }
        }
        flushChanges()
        flushSame()
        return pieces
    }

    /// The diff as text, each piece written by the function for its kind; pieces are joined by
    /// a space.
    static func render(old: String, new: String, same: (String) -> String, deleted: (String) -> String,
                       inserted: (String) -> String) -> String {
        pieces(old: old, new: new).map { piece in
            switch piece {
            case .same(let text): same(text)
            case .deleted(let text): deleted(text)
            case .inserted(let text): inserted(text)
            }
        }.joined(separator: " ")
    }
}
