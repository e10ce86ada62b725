/* Time, string and random functions of the C library: MT-Unsafe ones beside their reentrant variants. */
#include <stddef.h>
typedef long time_t;
struct tm { int tm_sec, tm_min, tm_hour, tm_mday, tm_mon, tm_year, tm_wday, tm_yday, tm_isdst; long tm_gmtoff; const char *tm_zone; };
char *asctime(const struct tm *tm);
char *asctime_r(const struct tm *tm, char *buf);
char *ctime(const time_t *timep);
char *ctime_r(const time_t *timep, char *buf);
struct tm *gmtime(const time_t *timep);
struct tm *gmtime_r(const time_t *timep, struct tm *res);
struct tm *localtime(const time_t *timep);
struct tm *localtime_r(const time_t *timep, struct tm *res);
time_t mktime(struct tm *tm);
char *strtok(char *str, const char *delim);
char *strtok_r(char *str, const char *delim, char **saveptr);
char *strerror(int errnum);
char *strerror_r(int errnum, char *buf, size_t buflen);
long lrand48(void);
void srand48(long seedval);
int rand(void);
void srand(unsigned int seed);
int rand_r(unsigned int *seedp);
char *ecvt(double number, int ndigit, int *decpt, int *sign);
char *fcvt(double number, int ndigit, int *decpt, int *sign);
char *l64a(long value);
long a64l(const char *str);
size_t strlen(const char *s);
int strcmp(const char *a, const char *b);
