using Stampede.Model.Api;
using Stampede.Model.Programs;

namespace Stampede.Tests.Programs;

/// <summary>
/// A length beside a typed pointer counts elements, not bytes (cJSON_CreateIntArray(const int *numbers, int count)):
/// generation gave such a count the buffer's size in bytes, so the call read four or eight times past the array and
/// crashed on one thread. The buffer's element size bounds its count everywhere a length is made or checked.
/// </summary>
public class ElementCountTests
{
    /// <summary>A library with arrays of ints, doubles and string pointers, each followed by its element count.</summary>
    private static readonly ApiModel Arrays = new(ApiModel.CurrentSchemaVersion, "arr", ["arr.h"],
        [
            Fn(0, "arr_ints", new ApiParameter("numbers", "const int *", AbiKind.Ptr, ParameterRole.BufferIn, "test", LengthParameter: 1, ElementSize: 4)),
            Fn(1, "arr_doubles", new ApiParameter("numbers", "const double *", AbiKind.Ptr, ParameterRole.BufferIn, "test", LengthParameter: 1, ElementSize: 8)),
            Fn(2, "arr_strings", new ApiParameter("strings", "const char *const *", AbiKind.Ptr, ParameterRole.Pointer, "test", LengthParameter: 1, ElementSize: 8)),
        ],
        [], [], [], [new ApiConstant("ARR_BIG", "int", "4096")], [], []);

    private static ApiFunction Fn(int index, string name, ApiParameter array) =>
        new(index, name, new ApiReturn("void", AbiKind.Void, ReturnRole.Void, "test"),
            [array, new ApiParameter("count", "int", AbiKind.I32, ParameterRole.Length, "test", BufferParameter: 0)], "arr.h:1");

    /// <summary>Generated, decoded and mutated programs never pass a count of more elements than the array holds, and
    /// the counts reach the whole array (the bound is not so tight that nothing is read).</summary>
    [Test]
    public void GeneratedCountsNeverExceedTheElementsOfTheArray()
    {
        var generator = new ProgramGenerator(Arrays);
        var mutator = new ProgramMutator(Arrays);
        var random = new Random(3);
        var atCapacity = 0;
        for (var seed = 0; seed < 300; seed++)
        {
            var program = generator.Generate(seed);
            var bytes = new byte[random.Next(16, 256)];
            random.NextBytes(bytes);
            foreach (var p in new[] { program, mutator.Mutate(program, new RandomChoiceSource(seed)).Program, generator.Decode(bytes) })
                foreach (var (_, call) in p.AllCalls())
                {
                    var f = Arrays.Functions.Single(x => x.Name == call.Function);
                    var count = ((IntegerArgument)call.Arguments[1]).Value;
                    var bytesHeld = BufferCapacity.Bytes(call.Arguments[0])!.Value;
                    Assert.That(count * f.Parameters[0].ElementSize!.Value, Is.InRange(0, bytesHeld), ProgramText.Print(p));
                    if (count > 0 && count == bytesHeld / f.Parameters[0].ElementSize!.Value) atCapacity++;
                }
        }
        Assert.That(atCapacity, Is.GreaterThan(0));
    }

    [Test]
    public void ValidationRejectsACountOfMoreElementsThanTheArrayHolds()
    {
        var program = ProgramText.Parse("# stampede program v1\nlibrary arr\nthread 0:\n  arr_ints(x\"0100000002000000\", 3)\n");
        var errors = ProgramValidator.Validate(program, Arrays);
        Assert.That(errors.Select(e => e.Message), Has.Some.Contains("length 3 does not fit the 8 input bytes passed as numbers (0 to 2 elements of 4 bytes)"));
        var fitting = ProgramText.Parse("# stampede program v1\nlibrary arr\nthread 0:\n  arr_ints(x\"0100000002000000\", 2)\n");
        Assert.That(ProgramValidator.Validate(fitting, Arrays), Is.Empty);
    }

    [Test]
    public void AnElementCountIsTheBytesOverTheElementSize()
    {
        var doubles = Arrays.Functions[1].Parameters[0];
        Assert.Multiple(() =>
        {
            Assert.That(BufferCapacity.Length(doubles, new OutputBufferArgument(64)), Is.EqualTo(8));
            Assert.That(BufferCapacity.Length(doubles, new OutputBufferArgument(15)), Is.EqualTo(1), "a part of an element is none");
            Assert.That(BufferCapacity.Length(doubles, NullArgument.Instance), Is.EqualTo(0));
            Assert.That(BufferCapacity.Length(doubles with { ElementSize = null }, new OutputBufferArgument(64)), Is.EqualTo(64), "bytes, without an element size");
        });
    }
}
