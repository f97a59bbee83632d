// Written for Clara's device build of the DJL JNI: natives that DJL 0.36's Java side declares and the
// stored JNI sources predate. Each is a thin libtorch call; names and signatures follow the javac -h header.
#include <torch/torch.h>

#include "ai_djl_pytorch_jni_PyTorchLibrary.h"
#include "djl_pytorch_jni_exception.h"
#include "djl_pytorch_utils.h"

namespace {
torch::Tensor* T(jlong handle) { return reinterpret_cast<torch::Tensor*>(handle); }
jlong H(const torch::Tensor& tensor) { return reinterpret_cast<uintptr_t>(new torch::Tensor(tensor)); }
using Index = std::vector<torch::indexing::TensorIndex>;
}  // namespace

JNIEXPORT jlong JNICALL Java_ai_djl_pytorch_jni_PyTorchLibrary_conj(JNIEnv* env, jobject, jlong jhandle) {
  API_BEGIN()
  return H(T(jhandle)->conj());
  API_END_RETURN()
}

JNIEXPORT jobject JNICALL Java_ai_djl_pytorch_jni_PyTorchLibrary_torchDirectByteBuffer(
    JNIEnv* env, jobject, jlong jhandle) {
  API_BEGIN()
  const auto* tensor = T(jhandle);
  // The Java side keeps the array alive for as long as the buffer is used.
  return env->NewDirectByteBuffer(tensor->data_ptr(), static_cast<jlong>(tensor->nbytes()));
  API_END()
  return nullptr;
}

JNIEXPORT jboolean JNICALL Java_ai_djl_pytorch_jni_PyTorchLibrary_torchIsContiguous(
    JNIEnv* env, jobject, jlong jhandle) {
  API_BEGIN()
  return T(jhandle)->is_contiguous() ? JNI_TRUE : JNI_FALSE;
  API_END()
  return JNI_FALSE;
}

JNIEXPORT jlong JNICALL Java_ai_djl_pytorch_jni_PyTorchLibrary_torchToContiguous(
    JNIEnv* env, jobject, jlong jhandle) {
  API_BEGIN()
  return H(T(jhandle)->contiguous());
  API_END_RETURN()
}

JNIEXPORT jlongArray JNICALL Java_ai_djl_pytorch_jni_PyTorchLibrary_torchTopK(
    JNIEnv* env, jobject, jlong jhandle, jlong jk, jlong jaxis, jboolean jlargest, jboolean jsorted) {
  API_BEGIN()
  auto result = T(jhandle)->topk(jk, jaxis, jlargest == JNI_TRUE, jsorted == JNI_TRUE);
  jlong handles[2] = {H(std::get<0>(result)), H(std::get<1>(result))};
  jlongArray array = env->NewLongArray(2);
  env->SetLongArrayRegion(array, 0, 2, handles);
  return array;
  API_END()
  return nullptr;
}

JNIEXPORT jlong JNICALL Java_ai_djl_pytorch_jni_PyTorchLibrary_torchDiagonal(
    JNIEnv* env, jobject, jlong jhandle, jlong joffset, jlong jaxis1, jlong jaxis2) {
  API_BEGIN()
  return H(T(jhandle)->diagonal(joffset, jaxis1, jaxis2));
  API_END_RETURN()
}

JNIEXPORT jlong JNICALL Java_ai_djl_pytorch_jni_PyTorchLibrary_torchPut(
    JNIEnv* env, jobject, jlong jhandle, jlong jindex, jlong jvalue) {
  API_BEGIN()
  return H(T(jhandle)->put(*T(jindex), *T(jvalue)));
  API_END_RETURN()
}

JNIEXPORT jlong JNICALL Java_ai_djl_pytorch_jni_PyTorchLibrary_torchScatter(
    JNIEnv* env, jobject, jlong jhandle, jlong jindex, jlong jvalue, jint jaxis) {
  API_BEGIN()
  return H(T(jhandle)->scatter(jaxis, *T(jindex), *T(jvalue)));
  API_END_RETURN()
}

JNIEXPORT jlong JNICALL Java_ai_djl_pytorch_jni_PyTorchLibrary_torchPad(
    JNIEnv* env, jobject, jlong jhandle, jlongArray jshape, jdouble jvalue) {
  API_BEGIN()
  const auto pad = djl::utils::jni::GetVecFromJLongArray(env, jshape);
  return H(torch::constant_pad_nd(*T(jhandle), pad, jvalue));
  API_END_RETURN()
}

JNIEXPORT jlong JNICALL Java_ai_djl_pytorch_jni_PyTorchLibrary_torchNNNormalize(
    JNIEnv* env, jobject, jlong jhandle, jdouble jp, jlong jdim, jdouble jeps) {
  API_BEGIN()
  namespace F = torch::nn::functional;
  return H(F::normalize(*T(jhandle), F::NormalizeFuncOptions().p(jp).dim(jdim).eps(jeps)));
  API_END_RETURN()
}

JNIEXPORT jlongArray JNICALL Java_ai_djl_pytorch_jni_PyTorchLibrary_torchUnique(JNIEnv* env, jobject, jlong jhandle,
    jlong jdim, jboolean jsorted, jboolean jreturn_inverse, jboolean jreturn_counts) {
  API_BEGIN()
  std::tuple<torch::Tensor, torch::Tensor, torch::Tensor> result;
  if (jdim == -1) {
    result = torch::_unique2(*T(jhandle), jsorted == JNI_TRUE, jreturn_inverse == JNI_TRUE, jreturn_counts == JNI_TRUE);
  } else {
    result = torch::unique_dim(
        *T(jhandle), jdim, jsorted == JNI_TRUE, jreturn_inverse == JNI_TRUE, jreturn_counts == JNI_TRUE);
  }
  jlong handles[3] = {H(std::get<0>(result)), H(std::get<1>(result)), H(std::get<2>(result))};
  jlongArray array = env->NewLongArray(3);
  env->SetLongArrayRegion(array, 0, 3, handles);
  return array;
  API_END()
  return nullptr;
}

JNIEXPORT jlong JNICALL Java_ai_djl_pytorch_jni_PyTorchLibrary_torchIndexAdvGet(
    JNIEnv* env, jobject, jlong jhandle, jlong jindex) {
  API_BEGIN()
  return H(T(jhandle)->index(*reinterpret_cast<Index*>(jindex)));
  API_END_RETURN()
}

JNIEXPORT void JNICALL Java_ai_djl_pytorch_jni_PyTorchLibrary_torchIndexAdvPut(
    JNIEnv* env, jobject, jlong jhandle, jlong jindex, jlong jdata) {
  API_BEGIN()
  T(jhandle)->index_put_(*reinterpret_cast<Index*>(jindex), *T(jdata));
  API_END()
}

JNIEXPORT void JNICALL Java_ai_djl_pytorch_jni_PyTorchLibrary_torchDeleteIndex(JNIEnv* env, jobject, jlong jindex) {
  API_BEGIN()
  delete reinterpret_cast<Index*>(jindex);
  API_END()
}

JNIEXPORT jlong JNICALL Java_ai_djl_pytorch_jni_PyTorchLibrary_torchIfft(
    JNIEnv* env, jobject, jlong jhandle, jlong jn, jlong jaxis) {
  API_BEGIN()
  return H(torch::fft_ifft(*T(jhandle), jn, jaxis));
  API_END_RETURN()
}

JNIEXPORT jlong JNICALL Java_ai_djl_pytorch_jni_PyTorchLibrary_torchRfft(
    JNIEnv* env, jobject, jlong jhandle, jlong jn, jlong jaxis) {
  API_BEGIN()
  return H(torch::fft_rfft(*T(jhandle), jn, jaxis));
  API_END_RETURN()
}

JNIEXPORT jlong JNICALL Java_ai_djl_pytorch_jni_PyTorchLibrary_torchIrfft(
    JNIEnv* env, jobject, jlong jhandle, jlong jn, jlong jaxis) {
  API_BEGIN()
  return H(torch::fft_irfft(*T(jhandle), jn, jaxis));
  API_END_RETURN()
}

JNIEXPORT jlong JNICALL Java_ai_djl_pytorch_jni_PyTorchLibrary_torchIfft2(
    JNIEnv* env, jobject, jlong jhandle, jlongArray jsizes, jlongArray jaxes) {
  API_BEGIN()
  const auto sizes = djl::utils::jni::GetVecFromJLongArray(env, jsizes);
  const auto axes = djl::utils::jni::GetVecFromJLongArray(env, jaxes);
  return H(torch::fft_ifft2(*T(jhandle), sizes, axes));
  API_END_RETURN()
}
