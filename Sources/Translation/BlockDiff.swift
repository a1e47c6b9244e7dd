/// Which source blocks changed since a stamp: the stamp's block hashes against the current
/// ones, aligned by their longest common subsequence. Between two blocks that still match, an
/// old hash and a new one facing each other are a change; extra new ones were added, extra
/// old ones removed — except that a new block whose hash is one of the removed blocks' is the
/// same block, moved: nothing to translate again. When a moved block and a block that stayed
/// were next to each other before and after, in the other order, the two swapped places: both
/// moved, as a translator sees it.
public enum BlockDiff {
    public enum Change: Equatable {
        /// `old` is the block's place in the stamped source.
        case changed(current: Int, old: Int)
        case added(current: Int)
        /// A block of the stamped source, unchanged, now at another place.
        case moved(current: Int)
        /// A block of the stamped source that is gone; `before` is the current block that now
        /// follows its place (nil at the end).
        case removed(before: Int?)
    }

    public static func changes(old: [String], new: [String]) -> [Change] {
        let table = lcsTable(old, new)
        // Blocks out of the common sequence on both sides with the same hash: moves. They are
        // taken out first, so that what remains pairs into changes as before.
        var unmatchedOld: [Int] = [], unmatchedNew: [Int] = []
        var i = 0, j = 0
        while i < old.count || j < new.count {
            if i < old.count, j < new.count, old[i] == new[j] {
                i += 1
                j += 1
            } else if j < new.count, i == old.count || table[i][j + 1] >= table[i + 1][j] {
                unmatchedNew.append(j)
                j += 1
            } else {
                unmatchedOld.append(i)
                i += 1
            }
        }
        var movedOld = Set<Int>(), movedNew = Set<Int>()
        var moves: [(old: Int, new: Int)] = []
        for index in unmatchedNew {
            if let from = unmatchedOld.first(where: { !movedOld.contains($0) && old[$0] == new[index] }) {
                movedOld.insert(from)
                movedNew.insert(index)
                moves.append((from, index))
            }
        }
        // A block of the common sequence next to a moved block before and after, on the other
        // side of it: the two swapped places.
        let kept = keptPairs(old, new, table: table)
        var swapped = Set<Int>()
        for move in moves {
            if let other = kept.first(where: { abs($0.old - move.old) == 1 && abs($0.new - move.new) == 1
                                              && ($0.old < move.old) != ($0.new < move.new) }) {
                swapped.insert(other.new)
            }
        }

        var changes: [Change] = []
        var removedRun: [Int] = []
        var addedRun: [Int] = []

        func flush(before: Int?) {
            let paired = min(removedRun.count, addedRun.count)
            changes += zip(addedRun.prefix(paired), removedRun.prefix(paired)).map { .changed(current: $0, old: $1) }
            changes += addedRun.dropFirst(paired).map { .added(current: $0) }
            changes += Array(repeating: .removed(before: before), count: removedRun.count - paired)
            removedRun = []
            addedRun = []
        }

        i = 0
        j = 0
        while i < old.count || j < new.count {
            if i < old.count, j < new.count, old[i] == new[j] {
                flush(before: j)
                if swapped.contains(j) { changes.append(.moved(current: j)) }
                i += 1
                j += 1
            } else if j < new.count, i == old.count || table[i][j + 1] >= table[i + 1][j] {
                if movedNew.contains(j) { changes.append(.moved(current: j)) } else { addedRun.append(j) }
                j += 1
            } else {
                if !movedOld.contains(i) { removedRun.append(i) }
                i += 1
            }
        }
        flush(before: nil)
        return changes
    }

    /// The places of the longest common subsequence of two lists, as (old index, new index):
    /// how a translation's blocks line up with its source's (translation exchange).
    public static func commonPairs(_ old: [String], _ new: [String]) -> [(old: Int, new: Int)] {
        keptPairs(old, new, table: lcsTable(old, new))
    }

    /// The blocks of the common sequence, as (old index, new index).
    private static func keptPairs(_ old: [String], _ new: [String], table: [[Int]]) -> [(old: Int, new: Int)] {
        var pairs: [(old: Int, new: Int)] = []
        var i = 0, j = 0
        while i < old.count && j < new.count {
            if old[i] == new[j] {
                pairs.append((i, j))
                i += 1
                j += 1
            } else if table[i][j + 1] >= table[i + 1][j] {
                j += 1
            } else {
                i += 1
            }
        }
        return pairs
    }

    /// table[i][j] = length of the LCS of old[i...] and new[j...].
    private static func lcsTable(_ old: [String], _ new: [String]) -> [[Int]] {
        var table = Array(repeating: Array(repeating: 0, count: new.count + 1), count: old.count + 1)
        for i in stride(from: old.count - 1, through: 0, by: -1) {
            for j in stride(from: new.count - 1, through: 0, by: -1) {
                table[i][j] = old[i] == new[j] ? table[i + 1][j + 1] + 1 : max(table[i + 1][j], table[i][j + 1])
            }
        }
        return table
    }
}
