using Stampede.Bindgen;
using Stampede.Model.Api;

namespace Stampede.Tests.Bindgen;

/// <summary>Objects the caller allocates and the library initializes (libyaml's parser, zlib's stream) are found from
/// the header alone: an initializer named so, taking a pointer to a struct the header defines, makes it a one-thread
/// resource with its destructor, so zero-code programs initialize the memory before they use it and never share it.</summary>
public sealed class InitializerInferenceTests
{
    private static ApiModel ModelOf(string header, string library) =>
        BindingGenerator.Plan(new BindgenOptions([header], library)).Model;

    [TestCase("/usr/include/yaml.h", "yaml", "yaml_parser_t", "yaml_parser_initialize", "yaml_parser_delete")]
    [TestCase("/usr/include/yaml.h", "yaml", "yaml_emitter_t", "yaml_emitter_initialize", "yaml_emitter_delete")]
    [TestCase("/usr/include/yaml.h", "yaml", "yaml_event_t", "yaml_scalar_event_initialize", "yaml_event_delete")]
    [TestCase("/usr/include/zlib.h", "z", "z_stream", "inflateInit2_", null)]
    [TestCase("/usr/include/zlib.h", "z", "z_stream", "deflateInit_", null)]
    public void An_initializer_of_caller_memory_makes_a_one_thread_resource(string header, string library, string resource, string initializer, string? destructor)
    {
        var r = ModelOf(header, library).Resource(resource) ?? throw new AssertionException($"{resource} is not a resource");
        Assert.Multiple(() =>
        {
            Assert.That(r.Producers, Has.Some.Matches<ResourceProducer>(p => p.Function == initializer && p.How == "initializes" && p.Parameter == 0));
            Assert.That(r.Sharing, Is.EqualTo(ResourceSharing.ThreadConfined), r.Why);
            if (destructor is not null) Assert.That(r.Destructors, Does.Contain(destructor));
        });
    }

    // A function that only reads an object, or one named like an initializer whose first parameter is not a struct the
    // caller could allocate, makes nothing.
    [TestCase("/usr/include/yaml.h", "yaml", "yaml_parser_parse")]
    [TestCase("/usr/include/zlib.h", "z", "deflate")]
    public void A_user_of_the_object_is_not_an_initializer(string header, string library, string function)
    {
        var model = ModelOf(header, library);
        Assert.That(model.Resources.SelectMany(r => r.Producers), Has.None.Matches<ResourceProducer>(p => p.Function == function && p.How == "initializes"));
    }
}
