#if canImport(Glibc)
import Glibc
#endif
/// A text's lines walked as bytes of its own storage, for the checks every lesson file passes
/// before it is parsed (nesting, table columns, merge conflicts): no line is copied out.
public enum TextLines {
    /// Where the line starting at `start` ends: its `\n`, or the end of the text.
    static func lineEnd(in bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        bytes.firstIndex(of: 0x0A, from: start) ?? bytes.count
    }

    /// The first line (1-based) for which `test` gives a value, with that value. Lines end at
    /// `\n` (the loader has made every line end one); the text after the last one is a line too.
    public static func first<Value>(in text: String, where test: (Slice<UnsafeBufferPointer<UInt8>>) -> Value?) -> (line: Int, value: Value)? {
        var text = text
        return text.withUTF8 { bytes in
            var lineNumber = 1
            var start = 0
            while start <= bytes.count {
                let end = lineEnd(in: bytes, from: start)
                if let value = test(bytes[start..<end]) { return (lineNumber, value) }
                lineNumber += 1
                start = end + 1
            }
            return nil
        }
    }
}

extension UnsafeBufferPointer<UInt8> {
    /// The index of the first `byte` at or after `start`, found with memchr (the C library's
    /// search, many bytes at a time): what the loops over every lesson's text and HTML use.
    public func firstIndex(of byte: UInt8, from start: Int) -> Int? {
        guard start < count, let base = baseAddress,
              let found = memchr(base + start, Int32(byte), count - start) else { return nil }
        return UnsafeRawPointer(found) - UnsafeRawPointer(base)
    }

    /// The index where `needle` first occurs (its first byte found with memchr, the rest
    /// compared with memcmp); nil when it does not (an empty needle occurs at 0).
    public func firstIndex(of needle: [UInt8]) -> Int? {
        guard let first = needle.first else { return 0 }
        var start = 0
        while let found = firstIndex(of: first, from: start), found + needle.count <= count {
            if memcmp(baseAddress! + found, needle, needle.count) == 0 { return found }
            start = found + 1
        }
        return nil
    }

    /// The scalar whose UTF-8 starts at `index`, and how many bytes it takes. The bytes must be
    /// valid UTF-8 (a String's); the loops that count, collapse and cut every lesson's text
    /// scalar by scalar read them here, in place.
    @inlinable @inline(__always)
    public func unicodeScalar(at index: Int) -> (scalar: Unicode.Scalar, length: Int) {
        let lead = UInt32(self[index])
        if lead < 0x80 { return (Unicode.Scalar(UInt8(lead)), 1) }
        let length = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2
        var value = lead & (0xFF >> (length + 1))
        for offset in 1..<length { value = value << 6 | (UInt32(self[index + offset]) & 0x3F) }
        return (Unicode.Scalar(value) ?? "\u{FFFD}", length)
    }
}

extension UInt8 {
    /// An ASCII letter or digit: the ASCII a word is made of, for word counts and search alike.
    @inlinable @inline(__always)
    public var isASCIILetterOrDigit: Bool {
        (0x61...0x7A).contains(self | 0x20) || (0x30...0x39).contains(self)
    }
}
