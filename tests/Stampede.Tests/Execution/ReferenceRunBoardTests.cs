using Stampede.Execution.Observations;
using Stampede.Execution.Running;
using Stampede.Execution.Worker;
using Stampede.Tests.Oracles;

namespace Stampede.Tests.Execution;

/// <summary>
/// The oracles' reference runs announce their calls on the call board, so that a worker dying in one is reported with
/// the calls that run made. The board keeps each thread's call times tagged with the run; each reference run has a
/// number of its own, so the calls of the run that crashed are told from an earlier run's left on the board.
/// </summary>
[TestFixture]
public class ReferenceRunBoardTests
{
    [Test]
    public void Each_reference_run_tags_the_calls_it_made_with_a_number_of_its_own()
    {
        using var libc = new LibcTarget();
        var program = libc.Prepare("thread 0:\n  lrand48()\n  lrand48()\nthread 1:\n  lrand48()\n");
        string path = Path.Combine(TestContext.CurrentContext.WorkDirectory, $"board-{Guid.NewGuid():N}");
        try
        {
            using var board = CallBoard.Create(path);
            using var executor = new SequentialExecutor(libc.Target, program, board);

            executor.Run(program.ProgramOrder());
            int first = board.Read(0).Repetition;
            executor.Run([new CallId(1, 0)]); // as the isolation oracle runs one thread's calls alone
            int second = board.Read(1).Repetition;

            Assert.That(SequentialExecutor.IsReferenceRun(first) && SequentialExecutor.IsReferenceRun(second), Is.True, $"{first}, {second}");
            Assert.That(second, Is.Not.EqualTo(first));
            Assert.That(board.CallTime(1, 0, second), Is.Not.Null, "the second run's call");
            Assert.That(board.CallTime(0, 0, second), Is.Null, "thread 0 made no call in the second run");
            Assert.That(board.CallTime(0, 1, first), Is.Not.Null, "the first run's calls keep their own tag");
            Assert.That(board.Read(0).Repetition, Is.EqualTo(first));
        }
        finally { File.Delete(path); }
    }
}
