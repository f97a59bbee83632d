// Written for Clara's device build of the DJL JNI: resolves the exception classes once, when the library loads.
#include "ai_djl_pytorch_jni_cache.h"

jclass ENGINE_EXCEPTION_CLASS = nullptr;
jclass NULL_PTR_EXCEPTION_CLASS = nullptr;
jclass ILLEGAL_STATE_EXCEPTION_CLASS = nullptr;

static jclass GlobalClass(JNIEnv* env, const char* name) {
  jclass local = env->FindClass(name);
  if (local == nullptr) {
    return nullptr;
  }
  jclass global = static_cast<jclass>(env->NewGlobalRef(local));
  env->DeleteLocalRef(local);
  return global;
}

extern "C" JNIEXPORT jint JNICALL JNI_OnLoad(JavaVM* vm, void*) {
  JNIEnv* env;
  if (vm->GetEnv(reinterpret_cast<void**>(&env), JNI_VERSION_1_8) != JNI_OK) {
    return JNI_ERR;
  }
  ENGINE_EXCEPTION_CLASS = GlobalClass(env, "ai/djl/engine/EngineException");
  NULL_PTR_EXCEPTION_CLASS = GlobalClass(env, "java/lang/NullPointerException");
  ILLEGAL_STATE_EXCEPTION_CLASS = GlobalClass(env, "java/lang/IllegalStateException");
  if (ENGINE_EXCEPTION_CLASS == nullptr || NULL_PTR_EXCEPTION_CLASS == nullptr
      || ILLEGAL_STATE_EXCEPTION_CLASS == nullptr) {
    return JNI_ERR;
  }
  return JNI_VERSION_1_8;
}
