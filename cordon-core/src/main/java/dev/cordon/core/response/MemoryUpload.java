package dev.cordon.core.response;

import dev.cordon.core.CordonException;
import java.io.ByteArrayOutputStream;
import java.net.URL;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadResponse;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.ListPartsResponse;
import software.amazon.awssdk.services.s3.model.Part;

/**
 * One multipart upload of a memory image into the evidence bucket. Cordon creates the upload with
 * SHA-256 checksums and presigns one URL per part, so the host uploads with no credentials and S3
 * checks each part against the {@code x-amz-checksum-sha256} the host sends. Cordon then lists
 * the parts and completes the upload itself.
 */
final class MemoryUpload {
  /** S3 limits: parts per upload, and the size of every part but the last. */
  static final int MAX_PARTS = 10_000;

  static final long MIN_PART_BYTES = 5L << 20;
  static final long MAX_PART_BYTES = 5L << 30;

  /** Smallest part Cordon plans; larger parts mean fewer URLs in the script. */
  static final long FLOOR_PART_BYTES = 8L << 20;

  /**
   * Target number of parts when the image allows it. Each part is buffered in the host's RAM-backed
   * {@code /dev/shm} before its checksum is known, so larger parts disturb more memory, while more
   * parts mean more presigned URLs in the command.
   */
  static final int TARGET_PARTS = 100;

  /**
   * Largest part planned while 10,000 parts still hold the image (up to about 5 TiB), so the
   * buffered part stays small beside the memory being captured.
   */
  static final long BUFFER_CEILING_BYTES = 512L << 20;
  // NOTE: beyond about 50 GiB of memory the part count grows past 100, and the script carries one
  // URL per part (about 0.6 KB, over 1 KB with session credentials). SendCommand's limit on the
  // size of its parameters was not checked against AWS, so very large instances may be rejected.

  /**
   * Part size and the number of presigned parts for an image of about {@code expectedBytes}.
   *
   * @param partBytes size of every part but the last
   * @param parts presigned parts, with room for an image 1/32 larger than expected plus one part
   */
  record Layout(long partBytes, int parts) {
    static Layout forImage(long expectedBytes) {
      long withMargin = expectedBytes + expectedBytes / 32;
      long size = Math.min(BUFFER_CEILING_BYTES, roundUpToMib(ceilDiv(withMargin, TARGET_PARTS)));
      size = Math.max(FLOOR_PART_BYTES, size);
      size = Math.max(size, roundUpToMib(ceilDiv(withMargin, MAX_PARTS - 1)));
      if (size > MAX_PART_BYTES) {
        throw new CordonException("A memory image of about " + (expectedBytes >> 30) + " GiB needs parts over"
            + " 5 GiB, the S3 maximum; capture this instance's memory by hand.");
      }
      int parts = (int) Math.min(MAX_PARTS, ceilDiv(withMargin, size) + 1);
      return new Layout(size, parts);
    }

    /** Returns the largest image these parts hold, in bytes. */
    long capacity() {
      return partBytes * parts;
    }
  }

  private final String bucket;
  private final String key;
  private final String uploadId;

  private MemoryUpload(String bucket, String key, String uploadId) {
    this.bucket = bucket;
    this.key = key;
    this.uploadId = uploadId;
  }

  static MemoryUpload create(Run run, String bucket, String key) {
    String uploadId = run.change("CreateMultipartUpload", "s3://" + bucket + "/" + key,
        () -> run.clients.s3().createMultipartUpload(request -> request
            .bucket(bucket).key(key).checksumAlgorithm(ChecksumAlgorithm.SHA256)
            .contentType("application/octet-stream"))).uploadId();
    return new MemoryUpload(bucket, key, uploadId);
  }

  String uploadId() {
    return uploadId;
  }

  String uri() {
    return "s3://" + bucket + "/" + key;
  }

  /**
   * Returns one presigned UploadPart URL for each part number from 1 to {@code parts}. Only the
   * host header is signed, so the host adds {@code x-amz-checksum-sha256} unsigned.
   * NOTE: that S3 accepts this unsigned checksum header on a presigned request is taken from its
   * documentation and was checked against the sandbox only.
   */
  List<URL> presignParts(Run run, int parts, Duration expiry) {
    List<URL> urls = new ArrayList<>(parts);
    for (int part = 1; part <= parts; part++) {
      int number = part;
      urls.add(run.clients.presigner().presignUploadPart(presign -> presign
          .signatureDuration(expiry)
          .uploadPartRequest(request -> request.bucket(bucket).key(key).uploadId(uploadId).partNumber(number)))
          .url());
    }
    return urls;
  }

  /** Returns every part S3 received, in part-number order. */
  List<Part> parts(Run run) {
    List<Part> parts = new ArrayList<>();
    Integer marker = null;
    while (true) {
      Integer after = marker;
      ListPartsResponse page = run.read("ListParts", uri(), () -> run.clients.s3().listParts(request -> request
          .bucket(bucket).key(key).uploadId(uploadId).partNumberMarker(after)));
      parts.addAll(page.parts());
      if (!Boolean.TRUE.equals(page.isTruncated()) || page.nextPartNumberMarker() == null) {
        return parts;
      }
      marker = page.nextPartNumberMarker();
    }
  }

  /**
   * Completes the upload from {@code parts} and checks S3's checksum of the whole object against
   * the one computed from the parts' checksums.
   *
   * @return S3's checksum of the object: base64 SHA-256 of the parts' SHA-256 digests, then
   *     {@code -} and the part count
   */
  String complete(Run run, List<Part> parts) {
    List<CompletedPart> completed = parts.stream().map(part -> CompletedPart.builder()
        .partNumber(part.partNumber()).eTag(part.eTag()).checksumSHA256(part.checksumSHA256()).build()).toList();
    CompleteMultipartUploadResponse response = run.change("CompleteMultipartUpload", uri(),
        () -> run.clients.s3().completeMultipartUpload(request -> request
            .bucket(bucket).key(key).uploadId(uploadId).multipartUpload(upload -> upload.parts(completed))));
    String expected = compositeChecksum(parts.stream().map(Part::checksumSHA256).toList());
    if (response.checksumSHA256() != null && !expected.equals(response.checksumSHA256())) {
      throw new CordonException("S3 reports checksum " + response.checksumSHA256() + " for " + uri()
          + " but its parts give " + expected + "; treat the image as damaged and capture again.");
    }
    return expected;
  }

  /** Aborts the upload so its parts stop costing storage; failures are left to the caller's message. */
  void abort(Run run) {
    run.change("AbortMultipartUpload", uri(), () -> run.clients.s3().abortMultipartUpload(request -> request
        .bucket(bucket).key(key).uploadId(uploadId)));
  }

  /** Returns S3's checksum of a multipart object from the base64 SHA-256 of each part. */
  static String compositeChecksum(List<String> partChecksums) {
    ByteArrayOutputStream digests = new ByteArrayOutputStream();
    for (String checksum : partChecksums) {
      if (checksum == null) {
        throw new CordonException("A part of the memory image has no SHA-256 checksum in S3; the upload was"
            + " not created with ChecksumAlgorithm SHA256. Capture again.");
      }
      digests.writeBytes(Base64.getDecoder().decode(checksum));
    }
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(digests.toByteArray());
      return Base64.getEncoder().encodeToString(digest) + "-" + partChecksums.size();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("The JDK has no SHA-256 digest", e);
    }
  }

  private static long ceilDiv(long dividend, long divisor) {
    return (dividend + divisor - 1) / divisor;
  }

  private static long roundUpToMib(long bytes) {
    return ceilDiv(bytes, 1L << 20) << 20;
  }
}
