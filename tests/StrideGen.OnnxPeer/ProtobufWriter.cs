using System;
using System.Buffers.Binary;
using System.Text;

namespace StrideGen.OnnxPeer;

/// <summary>
/// A minimal protocol-buffers wire-format writer: just enough to serialize an ONNX ModelProto
/// without a dependency on Google.Protobuf. Fields are appended in call order; a nested message is
/// built in its own writer and then embedded as a length-delimited field.
/// </summary>
internal sealed class ProtobufWriter
{
    private enum WireType
    {
        Varint = 0,
        Fixed64 = 1,
        LengthDelimited = 2,
        Fixed32 = 5,
    }

    private byte[] _buffer = new byte[64];
    private int _length;

    public int Length => _length;

    public byte[] ToArray() => _buffer.AsSpan(0, _length).ToArray();

    /// <summary>int64/int32/enum/bool field. Negative values take ten bytes (two's complement), as protobuf requires.</summary>
    public void WriteInt64(int field, long value)
    {
        WriteTag(field, WireType.Varint);
        WriteVarint(unchecked((ulong)value));
    }

    public void WriteFloat(int field, float value)
    {
        WriteTag(field, WireType.Fixed32);
        BinaryPrimitives.WriteSingleLittleEndian(Reserve(4), value);
    }

    public void WriteString(int field, string value)
    {
        int byteCount = Encoding.UTF8.GetByteCount(value);
        WriteTag(field, WireType.LengthDelimited);
        WriteVarint((ulong)byteCount);
        Encoding.UTF8.GetBytes(value, Reserve(byteCount));
    }

    public void WriteBytes(int field, ReadOnlySpan<byte> value)
    {
        WriteTag(field, WireType.LengthDelimited);
        WriteVarint((ulong)value.Length);
        value.CopyTo(Reserve(value.Length));
    }

    /// <summary>Embeds a finished nested message as a length-delimited field.</summary>
    public void WriteMessage(int field, ProtobufWriter message)
    {
        WriteBytes(field, message._buffer.AsSpan(0, message._length));
    }

    /// <summary>
    /// Unpacked repeated int64: one tag per element. This is the proto2 default for a plain
    /// <c>repeated int64</c> (e.g. AttributeProto.ints, TensorProto.dims).
    /// </summary>
    public void WriteRepeatedInt64(int field, ReadOnlySpan<long> values)
    {
        foreach (long value in values)
        {
            WriteInt64(field, value);
        }
    }

    /// <summary>Packed repeated int64: one length-delimited field holding consecutive varints.</summary>
    public void WritePackedInt64(int field, ReadOnlySpan<long> values)
    {
        int byteCount = 0;
        foreach (long value in values)
        {
            byteCount += VarintSize(unchecked((ulong)value));
        }

        WriteTag(field, WireType.LengthDelimited);
        WriteVarint((ulong)byteCount);
        foreach (long value in values)
        {
            WriteVarint(unchecked((ulong)value));
        }
    }

    /// <summary>Packed repeated float: one length-delimited field of little-endian fixed32 values.</summary>
    public void WritePackedFloat(int field, ReadOnlySpan<float> values)
    {
        WriteTag(field, WireType.LengthDelimited);
        WriteVarint((ulong)values.Length * 4);
        Span<byte> target = Reserve(values.Length * 4);
        for (int i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteSingleLittleEndian(target.Slice(i * 4, 4), values[i]);
        }
    }

    private void WriteTag(int field, WireType wireType)
    {
        if (field < 1 || field > 0x1FFFFFFF)
        {
            throw new ArgumentOutOfRangeException(nameof(field), field, "Protobuf field numbers are 1..2^29-1.");
        }

        WriteVarint(((ulong)field << 3) | (ulong)wireType);
    }

    private void WriteVarint(ulong value)
    {
        Span<byte> target = Reserve(VarintSize(value));
        int i = 0;
        while (value >= 0x80)
        {
            target[i++] = (byte)(value | 0x80);
            value >>= 7;
        }

        target[i] = (byte)value;
    }

    private static int VarintSize(ulong value)
    {
        int size = 1;
        while (value >= 0x80)
        {
            value >>= 7;
            size++;
        }

        return size;
    }

    private Span<byte> Reserve(int count)
    {
        if (_length + count > _buffer.Length)
        {
            Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, _length + count));
        }

        Span<byte> span = _buffer.AsSpan(_length, count);
        _length += count;
        return span;
    }
}
