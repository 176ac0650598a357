package io.credence.execution.planted;

import java.io.File;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.FileReader;
import java.io.FileWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.RandomAccessFile;
import java.net.Socket;
import java.net.http.HttpClient;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Formatter;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.logging.Logger;
import java.util.zip.ZipFile;
import javax.net.ssl.SSLContext;

/**
 * Every entry point to file, socket and console I/O, one per class: each must fail {@code NO_IO}.
 */
public final class IoPlants {
  private IoPlants() {}

  static final class NewFile {
    Object run() {
      return new File("state");
    }
  }

  static final class NewFileInputStream {
    Object run() throws IOException {
      return new FileInputStream("state");
    }
  }

  static final class NewFileOutputStream {
    Object run() throws IOException {
      return new FileOutputStream("state");
    }
  }

  static final class NewRandomAccessFile {
    Object run() throws IOException {
      return new RandomAccessFile("state", "r");
    }
  }

  static final class NewFileReader {
    Object run() throws IOException {
      return new FileReader("state", StandardCharsets.UTF_8);
    }
  }

  static final class NewFileWriter {
    Object run() throws IOException {
      return new FileWriter("state", StandardCharsets.UTF_8);
    }
  }

  static final class FilesReadAllBytes {
    Object run() throws IOException {
      return Files.readAllBytes(Path.of("state"));
    }
  }

  static final class FileChannelField {
    private FileChannel channel;

    Object run() {
      return channel;
    }
  }

  static final class NewSocket {
    Object run() {
      return new Socket();
    }
  }

  static final class HttpClientField {
    private HttpClient client;

    Object run() {
      return client;
    }
  }

  static final class SslContextField {
    private SSLContext tls;

    Object run() {
      return tls;
    }
  }

  static final class SystemOutPrintln {
    void run() {
      System.out.println("committed");
    }
  }

  static final class SystemOutReference {
    Consumer<String> run() {
      return System.out::println;
    }
  }

  static final class SystemErrPrintln {
    void run() {
      System.err.println("failed");
    }
  }

  static final class SystemInRead {
    int run() throws IOException {
      return System.in.read();
    }
  }

  static final class PrintStackTraceOfThrowable {
    void run(Throwable e) {
      e.printStackTrace();
    }
  }

  static final class SystemConsole {
    Object run() {
      return System.console();
    }
  }

  static final class PrintStackTrace {
    void run(Exception e) {
      e.printStackTrace();
    }
  }

  static final class PrintWriterOnFileName {
    Object run() throws IOException {
      return new PrintWriter("state", StandardCharsets.UTF_8);
    }
  }

  static final class PrintStreamOnFileName {
    Object run() throws IOException {
      return new PrintStream("state", StandardCharsets.UTF_8);
    }
  }

  static final class FormatterOnFileName {
    Object run() throws IOException {
      return new Formatter("state", StandardCharsets.UTF_8, Locale.ROOT);
    }
  }

  static final class JavaUtilLogging {
    Object run() {
      return Logger.getLogger("credence");
    }
  }

  static final class SystemLogger {
    Object run() {
      return System.getLogger("credence");
    }
  }

  static final class NewZipFile {
    Object run() throws IOException {
      return new ZipFile("state.zip");
    }
  }
}
