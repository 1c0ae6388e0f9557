package io.logcount.testing;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The local-runner setup of every job IT, once: {@code @ExtendWith(LocalRunnerExtension.class)}
 * keeps Hadoop from looking for an install ({@link LocalRunner#quietHadoop()}) and gives the test
 * class a scratch folder of its own for the runner's staging and {@code hadoop.tmp.dir}
 * ({@link LocalRunner#scratch()}), removed after the class. Test classes no longer set
 * LocalRunner's scratch by hand, nor forget to give it back.
 */
public final class LocalRunnerExtension implements BeforeAllCallback, AfterAllCallback {

  @Override
  public void beforeAll(ExtensionContext context) throws IOException {
    LocalRunner.quietHadoop();
    File base = new File("target/it-scratch").getAbsoluteFile();
    Files.createDirectories(base.toPath());
    LocalRunner.useScratch(Files.createTempDirectory(base.toPath(),
        context.getRequiredTestClass().getSimpleName() + "-").toFile());
  }

  @Override
  public void afterAll(ExtensionContext context) throws IOException {
    File scratch = LocalRunner.scratch();
    LocalRunner.useScratch(null);
    try (Stream<Path> paths = Files.walk(scratch.toPath())) {
      paths.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
    }
  }
}
